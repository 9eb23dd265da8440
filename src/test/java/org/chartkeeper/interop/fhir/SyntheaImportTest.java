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
    void synthea_patients_are_imported_with_their_encounters_and_the_rest_is_answered_as_not_stored() throws Exception {
        for (Path p : bundles("practitionerInformation")) {
            JsonNode answer = post(p);
            assertThat(answer.get("type").asString()).isEqualTo("batch-response");
            assertThat(answer.get("entry").valueStream().map(e -> e.get("response").get("status").asString()))
                    .contains("201 Created");
        }
        for (Path p : bundles("hospitalInformation")) post(p);

        List<Path> patients = bundles(null);
        assertThat(patients).isNotEmpty();
        for (Path file : patients) {
            JsonNode sent = FhirPatientTest.JSON.readTree(Files.readString(file));
            long encountersSent = sent.get("entry").valueStream()
                    .filter(e -> "Encounter".equals(e.get("resource").get("resourceType").asString())).count();
            JsonNode answer = post(file);

            assertThat(answer.get("type").asString()).isEqualTo("transaction-response");
            assertThat(answer.get("entry")).hasSize(sent.get("entry").size());
            String location = answer.get("entry").get(0).get("response").get("location").asString();
            assertThat(location).startsWith("Patient/");
            long patientId = Long.parseLong(location.substring("Patient/".length()));
            assertThat(jdbc.sql("select count(*) from encounter where patient_id = ?").param(patientId)
                    .query(Long.class).single()).isEqualTo(encountersSent);
            for (int i = 0; i < sent.get("entry").size(); i++) {
                String type = sent.get("entry").get(i).get("resource").get("resourceType").asString();
                JsonNode response = answer.get("entry").get(i).get("response");
                if (FhirImportService.KEPT.contains(type)) {
                    assertThat(response.get("status").asString()).isEqualTo("201 Created");
                } else {
                    assertThat(response.get("status").asString()).startsWith("422");
                    assertThat(response.get("outcome").get("issue").get(0).get("diagnostics").asString())
                            .contains("Not stored").contains(type);
                }
            }
            assertThat(R4Validator.errors(Fhir.as(port, "him").get("/Encounter?patient=" + location).body())).isEmpty();
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
