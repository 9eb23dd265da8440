package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Synthea-generated bundles (made by {@code bin/synthea}, which {@code bin/test} runs first, in Synthea's own
 * classpath) imported through {@code POST /fhir}: what this system keeps is stored, the rest answered with an
 * OperationOutcome, and a refused bundle stores nothing.
 */
@IntegrationTest
class SyntheaImportTest {

    static final Path OUT = Path.of(System.getProperty("chartkeeper.test.synthea", "target/synthea-out/fhir"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static List<Path> bundles(String prefix) throws Exception {
        assumeTrue(Files.isDirectory(OUT), "No Synthea output at " + OUT + ": run bin/synthea target/synthea-out 3"
                + " (bin/test does) to generate it; skipping the Synthea import test");
        try (Stream<Path> files = Files.list(OUT)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> prefix == null ? !p.getFileName().toString().matches("(hospital|practitioner)Information.*")
                            : p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    JsonNode post(Path bundle) throws Exception {
        var r = Fhir.as(port, "him").post("", Files.readString(bundle));
        assertThat(r.statusCode()).as(r.body().substring(0, Math.min(600, r.body().length()))).isEqualTo(200);
        return FhirPatientTest.JSON.readTree(r.body());
    }

    @Test
    void synthea_patients_are_imported_with_their_encounters_notes_and_clinical_data_and_the_rest_is_answered_as_not_stored()
            throws Exception {
        java.util.Map<String, JsonNode> outcomes = new java.util.TreeMap<>(); // one 422 OperationOutcome per type
        for (Path p : bundles("practitionerInformation")) {
            JsonNode answer = post(p);
            assertThat(answer.get("type").asString()).isEqualTo("batch-response");
            assertThat(answer.get("entry").valueStream().map(e -> e.get("response").get("status").asString()))
                    .contains("201 Created");
            assertThat(R4Validator.errors(answer.toString())).isEmpty();
        }
        for (Path p : bundles("hospitalInformation")) {
            JsonNode sent = FhirPatientTest.JSON.readTree(Files.readString(p));
            JsonNode answer = post(p);
            assertThat(answer.get("type").asString()).isEqualTo("batch-response");
            assertThat(R4Validator.errors(answer.toString())).isEmpty();
            for (int i = 0; i < sent.get("entry").size(); i++) {
                JsonNode resource = sent.get("entry").get(i).get("resource");
                JsonNode response = answer.get("entry").get(i).get("response");
                assertThat(response.get("status").asString()).startsWith("422");
                if ("Organization".equals(resource.get("resourceType").asString())) {
                    // Organizations here are the hospital's own facilities, which assign MRNs: an outside one is not kept
                    assertThat(response.get("outcome").get("issue").get(0).get("diagnostics").asString())
                            .contains("own facilities").contains(resource.get("name").asString());
                }
                outcomes.putIfAbsent(resource.get("resourceType").asString(), response.get("outcome"));
            }
        }

        List<Path> patients = bundles(null);
        assertThat(patients).isNotEmpty();
        Fhir him = Fhir.as(port, "him");
        long documentsStored = 0;
        long outsideStored = 0;
        for (Path file : patients) {
            JsonNode sent = FhirPatientTest.JSON.readTree(Files.readString(file));
            long encountersSent = sent.get("entry").valueStream()
                    .filter(e -> "Encounter".equals(e.get("resource").get("resourceType").asString())).count();
            // what each clinical note's content is, by the sender's identifier: the SHA-256 of the decoded base64
            java.util.Map<String, String> sha256Sent = new java.util.HashMap<>();
            sent.get("entry").valueStream().map(e -> e.get("resource"))
                    .filter(r -> "DocumentReference".equals(r.get("resourceType").asString()))
                    .forEach(r -> sha256Sent.put(r.get("identifier").get(0).get("value").asString(), sha256(
                            java.util.Base64.getDecoder().decode(r.get("content").get(0).get("attachment").get("data").asString()))));
            long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
            JsonNode answer = post(file);

            assertThat(answer.get("type").asString()).isEqualTo("transaction-response");
            assertThat(answer.get("entry")).hasSize(sent.get("entry").size());
            assertThat(R4Validator.errors(firstEntries(answer, 300))).as(file.getFileName().toString()).isEmpty();
            String location = answer.get("entry").get(0).get("response").get("location").asString();
            assertThat(location).startsWith("Patient/");
            long patientId = Long.parseLong(location.substring("Patient/".length()));
            assertThat(jdbc.sql("select count(*) from encounter where patient_id = ?").param(patientId)
                    .query(Long.class).single()).isEqualTo(encountersSent);
            for (int i = 0; i < sent.get("entry").size(); i++) {
                JsonNode resource = sent.get("entry").get(i).get("resource");
                String type = resource.get("resourceType").asString();
                JsonNode response = answer.get("entry").get(i).get("response");
                if (FhirImportService.KEPT.contains(type)) {
                    assertThat(response.get("status").asString()).isEqualTo("201 Created");
                    assertThat(response.get("location").asString()).startsWith(type + "/");
                } else {
                    assertThat(response.get("status").asString()).startsWith("422");
                    String diagnostics = response.get("outcome").get("issue").get(0).get("diagnostics").asString();
                    assertThat(diagnostics).contains("Not stored");
                    boolean snomed = resource.has("code") && resource.get("code").get("coding").valueStream()
                            .allMatch(c -> "http://snomed.info/sct".equals(c.get("system").asString()));
                    if (("Condition".equals(type) || "Procedure".equals(type)) && snomed) {
                        // this system's Conditions and Procedures are the ICD-10 coded abstract, not SNOMED CT
                        assertThat(diagnostics).contains("SNOMED CT")
                                .contains(resource.get("code").get("coding").get(0).get("code").asString())
                                .contains("Condition".equals(type) ? "ICD-10-CM" : "ICD-10-PCS");
                        assertThat(response.get("outcome").get("issue").get(0).get("expression").get(0).asString())
                                .isEqualTo("Bundle.entry[" + i + "].resource.code");
                    } else {
                        assertThat(diagnostics).contains(type);
                    }
                    outcomes.putIfAbsent(type, response.get("outcome"));
                }
            }

            // every clinical note is a final outside note of the patient's record, its content stored intact
            List<java.util.Map<String, Object>> stored = jdbc.sql("select d.id, d.source_identifier, d.status,"
                            + " d.encounter_id, v.content_sha256, v.file_sha256 from document d"
                            + " join document_version v on v.document_id = d.id and v.version_no = d.current_version"
                            + " where d.patient_id = ? and d.type_code = 'outside-clinical-note'")
                    .param(patientId).query().listOfRows();
            assertThat(stored).hasSize(sha256Sent.size());
            for (var d : stored) {
                assertThat(d.get("status")).isEqualTo("final");
                assertThat(d.get("encounter_id")).isNotNull();
                assertThat(d.get("content_sha256")).isEqualTo(sha256Sent.get((String) d.get("source_identifier")));
                assertThat(d.get("file_sha256")).isEqualTo(d.get("content_sha256")); // content-addressed
            }
            assertThat(jdbc.sql("select count(*) from document d join encounter e on e.id = d.encounter_id"
                    + " where d.patient_id = ? and e.patient_id <> d.patient_id").param(patientId).query(Long.class)
                    .single()).isZero();
            assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                            + " and category = 'CLINICAL_DOCUMENTS' and action = 'CREATE' and outcome = 'SUCCESS'")
                    .params(before, patientId).query(Long.class).single()).isEqualTo(sha256Sent.size());
            documentsStored += stored.size();

            // the clinical data received (results, medications, claims, ...) is kept, each an audited creation,
            // every reference pointing at what this server serves (or an identifier), readable and valid R4
            java.util.Map<String, Long> outsideSent = new java.util.TreeMap<>();
            sent.get("entry").valueStream().map(e -> e.get("resource").get("resourceType").asString())
                    .filter(org.chartkeeper.record.OutsideDataService.TYPES::contains)
                    .forEach(t -> outsideSent.merge(t, 1L, Long::sum));
            java.util.Map<String, Long> outsideKept = new java.util.TreeMap<>();
            jdbc.sql("select resource_type, count(*) from outside_resource where patient_id = ? group by resource_type")
                    .param(patientId).query((rs, n) -> outsideKept.put(rs.getString(1), rs.getLong(2))).list();
            assertThat(outsideKept).isEqualTo(outsideSent);
            assertThat(jdbc.sql("select resource_type || ': ' || content from outside_resource where patient_id = ?"
                            + " and (content like '%\"reference\":\"urn:%' or content like '%\"reference\":\"%?identifier=%')")
                    .param(patientId).query(String.class).list()).isEmpty();
            assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                            + " and category = 'CLINICAL_DATA' and action = 'CREATE' and outcome = 'SUCCESS'")
                    .params(before, patientId).query(Long.class).single())
                    .isEqualTo(outsideSent.values().stream().mapToLong(Long::longValue).sum());
            for (String type : outsideSent.keySet()) {
                long id = jdbc.sql("select min(id) from outside_resource where patient_id = ? and resource_type = ?")
                        .params(patientId, type).query(Long.class).single();
                var read = him.get("/" + type + "/" + id);
                assertThat(read.statusCode()).as(type).isEqualTo(200);
                assertThat(R4Validator.errors(read.body())).as(type).isEmpty();
                JsonNode resource = FhirPatientTest.JSON.readTree(read.body());
                assertThat(resource.get("id").asString()).isEqualTo(Long.toString(id));
                String subject = resource.has("subject") ? resource.get("subject").get("reference").asString()
                        : resource.has("patient") ? resource.get("patient").get("reference").asString() : null;
                assertThat(subject).as(type).isEqualTo(location);
                var page = FhirPatientTest.JSON.readTree(him.get("/" + type + "?patient=" + location + "&_count=3").body());
                assertThat(page.get("total").asLong()).as(type).isEqualTo(outsideSent.get(type));
            }
            outsideStored += outsideKept.values().stream().mapToLong(Long::longValue).sum();
            if (!stored.isEmpty()) {
                // read back through FHIR: the Binary is the bytes sent, verified against the SHA-256 on the way out
                var first = stored.getFirst();
                var binary = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                + "/fhir/Binary/" + first.get("id"))).header("Authorization", "Bearer demo-him")
                        .header("Accept", "text/plain").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(binary.statusCode()).isEqualTo(200);
                assertThat(sha256(binary.body())).isEqualTo(first.get("content_sha256"));
                var docs = him.get("/DocumentReference?patient=" + location + "&type=outside-clinical-note&_count=5");
                assertThat(R4Validator.errors(docs.body())).isEmpty();
            }
            assertThat(R4Validator.errors(him.get("/Encounter?patient=" + location).body())).isEmpty();
        }
        assertThat(documentsStored).isGreaterThan(0);
        assertThat(outsideStored).isGreaterThan(0);
        assertThat(outcomes).containsKeys("Condition", "Procedure", "Organization").doesNotContainKey("Observation");
        for (var o : outcomes.entrySet()) {
            assertThat(R4Validator.errors(o.getValue().toString())).as(o.getKey()).isEmpty();
        }
    }

    /**
     * The response Bundle cut to its first {@code n} entries (the validator's time grows faster than linearly with a
     * Bundle's size; the largest Synthea patient's answer has 20,000 entries, all of the same few shapes).
     */
    static String firstEntries(JsonNode bundle, int n) {
        if (bundle.get("entry").size() <= n) return bundle.toString();
        tools.jackson.databind.node.ObjectNode cut = ((tools.jackson.databind.node.ObjectNode) bundle).deepCopy();
        tools.jackson.databind.node.ArrayNode entries = FhirPatientTest.JSON.createArrayNode();
        for (int i = 0; i < n; i++) entries.add(bundle.get("entry").get(i));
        cut.set("entry", entries);
        return cut.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_bundle_refused_for_one_entry_stores_nothing_and_names_the_entry() throws Exception {
        List<Path> patients = bundles(null);
        assumeTrue(!patients.isEmpty(), "no Synthea patient bundles");
        String body = Files.readString(patients.getFirst())
                // an impossible birth date for the patient (the first entry)
                .replaceFirst("\"birthDate\"\\s*:\\s*\"[0-9-]+\"", "\"birthDate\":\"2999-01-01\"");
        long encountersBefore = jdbc.sql("select count(*) from encounter").query(Long.class).single();
        var r = Fhir.as(port, "him").post("", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(FhirPatientTest.JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Bundle.entry[0].resource.birthDate");
        assertThat(jdbc.sql("select count(*) from encounter").query(Long.class).single()).isEqualTo(encountersBefore);
    }
}
