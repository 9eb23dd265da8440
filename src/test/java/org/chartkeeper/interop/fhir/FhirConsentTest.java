package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** FHIR Consent over the patients' consents: create, read and search validate against R4, and every access is audited. */
@IntegrationTest
class FhirConsentTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private long patient() {
        return jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset 320 rows fetch first 1 rows only").query(Long.class).single();
    }

    private long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    static String consent(long patient, String category, String recipient, String start) {
        return "{\"resourceType\": \"Consent\", \"status\": \"active\","
                + " \"scope\": {\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/consentscope\","
                + " \"code\": \"patient-privacy\"}]},"
                + " \"category\": [{\"coding\": [{\"system\": \"urn:chartkeeper:consent-category\", \"code\": \""
                + category + "\"}]}], \"patient\": {\"reference\": \"Patient/" + patient + "\"},"
                + " \"policy\": [{\"uri\": \"https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2\"}],"
                + " \"provision\": {\"type\": \"permit\", \"period\": {\"start\": \"" + start + "\"},"
                + (recipient == null ? "" : " \"actor\": [{\"role\": {\"coding\": [{\"system\":"
                + " \"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\", \"code\": \"IRCP\"}]},"
                + " \"reference\": {\"display\": \"" + recipient + "\"}}],")
                + " \"purpose\": [{\"system\": \"urn:chartkeeper:consent-purpose\", \"code\": \"stated\","
                + " \"display\": \"continuing care\"}]}}";
    }

    @Test
    void a_part2_consent_created_through_FHIR_is_read_and_searched_as_valid_R4_and_audited() {
        long patient = patient();
        Fhir roi = Fhir.as(port, "roi");
        long before = maxSeq();
        var created = roi.post("/Consent", consent(patient, "part2", "Harbor Recovery Clinic", "2025-01-01"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(R4Validator.errors(created.body())).isEmpty();
        JsonNode c = FhirPatientTest.JSON.readTree(created.body());
        String id = c.get("id").asString();
        assertThat(c.get("status").asString()).isEqualTo("active");
        assertThat(c.get("provision").get("actor").get(0).get("reference").get("display").asString())
                .isEqualTo("Harbor Recovery Clinic");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'CREATE' and patient_id = ?"
                + " and resource_type = 'Consent'").params(before, patient).query(Long.class).single()).isEqualTo(1);
        // the same consent is what the ROI side uses
        assertThat(jdbc.sql("select category from consent where id = ?").param(Long.parseLong(id)).query(String.class)
                .single()).isEqualTo("part2");

        before = maxSeq();
        var read = roi.get("/Consent/" + id);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(R4Validator.errors(read.body())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'VIEW' and patient_id = ?")
                .params(before, patient).query(Long.class).single()).isEqualTo(1);

        var search = roi.get("/Consent?patient=Patient/" + patient + "&status=active&category=part2&date=2025-06-01");
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(R4Validator.errors(search.body())).isEmpty();
        assertThat(FhirPatientTest.JSON.readTree(search.body()).get("total").asInt()).isEqualTo(1);
        // a date before the consent starts finds nothing; _lastUpdated finds it
        var early = roi.get("/Consent?patient=Patient/" + patient + "&date=2024-06-01");
        assertThat(FhirPatientTest.JSON.readTree(early.body()).get("total").asInt()).isZero();
        var updated = roi.get("/Consent?patient=Patient/" + patient + "&_lastUpdated=ge2020-01-01");
        assertThat(FhirPatientTest.JSON.readTree(updated.body()).get("total").asInt()).isEqualTo(1);

        // revoked through the JSON API, it reads as inactive
        var revoked = org.chartkeeper.Api.as(port, "roi").post("/api/roi/consents/" + id + "/revoke", "{\"version\": 0}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        var inactive = roi.get("/Consent?patient=Patient/" + patient + "&status=inactive");
        assertThat(FhirPatientTest.JSON.readTree(inactive.body()).get("total").asInt()).isEqualTo(1);
        assertThat(R4Validator.errors(inactive.body())).isEmpty();
    }

    @Test
    void a_consent_without_a_known_category_or_with_an_unknown_status_is_refused_with_an_OperationOutcome() {
        long patient = patient();
        Fhir roi = Fhir.as(port, "roi");
        var bad = roi.post("/Consent", consent(patient, "astrology", null, "2025-01-01"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("OperationOutcome").contains("astrology");
        var badStatus = roi.get("/Consent?patient=Patient/" + patient + "&status=pending");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(roi.get("/Consent/999999999").statusCode()).isEqualTo(404);
        // a user without consent.write cannot create one
        var coder = Fhir.as(port, "coder").post("/Consent", consent(patient, "hiv", null, "2025-01-01"));
        assertThat(coder.statusCode()).isEqualTo(403);
    }
}
