package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** FHIR bulk data export: kick-off, polling, the manifest, NDJSON files, ownership and the audit trail. */
@IntegrationTest
class BulkExportTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    JsonNode waitForManifest(Fhir who, String statusUrl) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            var r = who.getAbsolute(statusUrl);
            if (r.statusCode() == 200) return FhirPatientTest.JSON.readTree(r.body());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("X-Progress")).isPresent();
            Thread.sleep(300);
        }
        throw new AssertionError("export did not finish in time");
    }

    @Test
    void a_system_export_writes_every_patient_and_encounter_as_valid_NDJSON_and_leaves_restricted_charts_out() throws Exception {
        Fhir him = Fhir.as(port, "him");
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
        var kickOff = him.get("/$export?_type=Patient,Encounter,Organization", "respond-async");
        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        assertThat(status).contains("/fhir/$export-poll-status?_jobId=");

        JsonNode manifest = waitForManifest(him, status);

        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        List<String> types = manifest.get("output").valueStream().map(o -> o.get("type").asString()).toList();
        assertThat(types).containsExactly("Patient", "Encounter", "Organization");
        JsonNode patients = manifest.get("output").get(0);
        var file = him.getAbsolute(patients.get("url").asString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+ndjson");
        List<String> lines = Arrays.stream(file.body().split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat((long) lines.size()).isEqualTo(patients.get("count").asLong());
        long visible = jdbc.sql("select count(*) from patient where status = 'active' and not restricted")
                .query(Long.class).single();
        long restricted = jdbc.sql("select count(*) from patient where status = 'active' and restricted")
                .query(Long.class).single();
        // patients registered by other tests meanwhile may be included too
        assertThat((long) lines.size()).isGreaterThanOrEqualTo(visible - 50).isLessThanOrEqualTo(visible + 2000);
        assertThat(R4Validator.errors(lines.getFirst())).isEmpty();
        assertThat(R4Validator.errors(lines.getLast())).isEmpty();
        if (restricted > 0) {
            JsonNode error = manifest.get("error").get(0);
            assertThat(error.get("type").asString()).isEqualTo("OperationOutcome");
            assertThat(error.get("count").asLong()).isEqualTo(restricted);
        }
        var encounters = him.getAbsolute(manifest.get("output").get(1).get("url").asString());
        String firstEncounter = encounters.body().substring(0, encounters.body().indexOf('\n'));
        assertThat(R4Validator.errors(firstEncounter)).isEmpty();
        // every exported patient is an audited export by him, each restricted one a refusal
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and username = 'him' and action = 'EXPORT'"
                + " and category = 'DEMOGRAPHICS' and patient_id is not null and outcome = 'SUCCESS'").param(before)
                .query(Long.class).single()).isEqualTo(lines.size());
    }

    @Test
    void only_the_user_who_started_an_export_sees_it_and_deleting_it_removes_it() throws Exception {
        Fhir him = Fhir.as(port, "him");
        var kickOff = him.get("/Patient/$export?_type=Organization", "respond-async");
        assertThat(kickOff.statusCode()).isEqualTo(202);
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        waitForManifest(him, status);
        assertThat(Fhir.as(port, "privacy").getAbsolute(status).statusCode()).isEqualTo(404);

        String path = status.substring(status.indexOf("/fhir") + "/fhir".length());
        assertThat(him.delete(path).statusCode()).isEqualTo(202);
        assertThat(him.getAbsolute(status).statusCode()).isEqualTo(404);
    }

    @Test
    void an_export_needs_the_export_permission_prefer_respond_async_and_a_known_type() {
        var coder = Fhir.as(port, "coder").get("/$export", "respond-async");
        assertThat(coder.statusCode()).isEqualTo(403);
        assertThat(coder.body()).contains("OperationOutcome");
        Fhir him = Fhir.as(port, "him");
        var sync = him.get("/$export");
        assertThat(sync.statusCode()).isEqualTo(400);
        assertThat(sync.body()).contains("respond-async");
        var unknown = him.get("/$export?_type=Provenance", "respond-async");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("_type").contains("Provenance");
    }

    @Test
    void a_patient_level_export_covers_every_resource_type_each_line_valid_R4_and_since_limits_it_to_changes() throws Exception {
        Fhir him = Fhir.as(port, "him");
        var kickOff = him.get("/Patient/$export", "respond-async");
        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        JsonNode manifest = waitForManifest(him, kickOff.headers().firstValue("Content-Location").orElseThrow());
        List<String> types = manifest.get("output").valueStream().map(o -> o.get("type").asString()).toList();
        assertThat(types).containsExactly(BulkExportService.TYPES.toArray(String[]::new));
        assertThat(types).startsWith("Patient", "Encounter", "Condition", "Procedure", "DocumentReference",
                "Consent", "Practitioner", "Organization").contains("Observation", "MedicationRequest", "Claim");
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (JsonNode out : manifest.get("output")) {
            String type = out.get("type").asString();
            var file = him.getAbsolute(out.get("url").asString());
            assertThat(file.statusCode()).isEqualTo(200);
            List<String> lines = Arrays.stream(file.body().split("\n")).filter(l -> !l.isBlank()).toList();
            assertThat((long) lines.size()).isEqualTo(out.get("count").asLong());
            counts.put(type, (long) lines.size());
            // every line of the smaller files, and a spread of the large ones, validates against base R4
            int step = Math.max(1, lines.size() / 40);
            for (int i = 0; i < lines.size(); i += step) {
                assertThat(R4Validator.errors(lines.get(i))).as(type + " line " + i + ": " + lines.get(i)).isEmpty();
                assertThat(FhirPatientTest.JSON.readTree(lines.get(i)).get("resourceType").asString()).isEqualTo(type);
            }
            if (type.equals("DocumentReference") && !lines.isEmpty()) {
                String url = FhirPatientTest.JSON.readTree(lines.getFirst()).get("content").get(0).get("attachment")
                        .get("url").asString();
                assertThat(url).matches("http://localhost:" + port + "/fhir/Binary/\\d+");
                assertThat(him.getAbsolute(url).statusCode()).isEqualTo(200);
            }
        }
        long documents = jdbc.sql("select count(*) from document d join patient p on p.id = d.patient_id"
                + " where p.status = 'active' and not p.restricted").query(Long.class).single();
        assertThat(counts.get("DocumentReference")).isGreaterThan(0).isLessThanOrEqualTo(documents);
        assertThat(counts.get("Encounter")).isGreaterThan(0);
        assertThat(counts.get("Practitioner")).isGreaterThan(0);
        long consents = jdbc.sql("select count(*) from consent c join patient p on p.id = c.patient_id"
                + " where p.status = 'active' and not p.restricted").query(Long.class).single();
        assertThat(counts.get("Consent")).isGreaterThan(0).isLessThanOrEqualTo(consents);

        // _since: only what changed since; an encounter touched now is in, the old ones are out
        String since = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1).toString();
        long encounter = jdbc.sql("select e.id from encounter e join patient p on p.id = e.patient_id"
                + " where p.status = 'active' and not p.restricted order by e.id limit 1").query(Long.class).single();
        jdbc.sql("update encounter set updated_at = ? where id = ?")
                .params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1), encounter).update();
        var sinceKickOff = him.get("/$export?_type=Encounter,DocumentReference&_since=" + since.replace("+", "%2B"),
                "respond-async");
        assertThat(sinceKickOff.statusCode()).as(sinceKickOff.body()).isEqualTo(202);
        JsonNode sinceManifest = waitForManifest(him, sinceKickOff.headers().firstValue("Content-Location").orElseThrow());
        JsonNode encounters = sinceManifest.get("output").get(0);
        assertThat(encounters.get("type").asString()).isEqualTo("Encounter");
        assertThat(encounters.get("count").asLong()).isGreaterThanOrEqualTo(1).isLessThan(counts.get("Encounter"));
        assertThat(him.getAbsolute(encounters.get("url").asString()).body()).contains("\"id\":\"" + encounter + "\"");
    }
}
