package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** DocumentReference and Binary over the legal health record: valid R4, audited, content verified. */
@IntegrationTest
class FhirDocumentsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.chartkeeper.record.RecordService records;

    @Autowired
    org.chartkeeper.security.UserService users;

    /** A patient with a lab report filed through the JSON API. */
    long patientWithDocuments() {
        long patient = jdbc.sql("select min(id) from patient where not restricted and status = 'active'")
                .query(Long.class).single();
        var created = org.chartkeeper.Api.as(port, "him").post("/api/patients/" + patient + "/documents",
                "{\"typeCode\":\"lab-report\",\"title\":\"CBC\",\"body\":\"Hemoglobin 9.1 g/dL.\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return patient;
    }

    @Test
    void a_patients_documents_are_listed_as_DocumentReferences_with_their_content_as_Binary_and_every_read_audited() {
        long patient = patientWithDocuments();
        long before = jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
        Fhir him = Fhir.as(port, "him");

        var search = him.get("/DocumentReference?patient=Patient/" + patient);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(R4Validator.errors(search.body())).isEmpty();
        JsonNode first = FhirPatientTest.JSON.readTree(search.body()).get("entry").get(0).get("resource");
        assertThat(first.get("subject").get("reference").asString()).isEqualTo("Patient/" + patient);
        String url = first.get("content").get(0).get("attachment").get("url").asString();
        assertThat(url).contains("/fhir/Binary/" + first.get("id").asString());

        var binary = him.get("/Binary/" + first.get("id").asString());
        assertThat(binary.statusCode()).isEqualTo(200);
        assertThat(R4Validator.errors(binary.body())).isEmpty();
        assertThat(FhirPatientTest.JSON.readTree(binary.body()).get("data").asString()).isNotEmpty();

        var read = him.get("/DocumentReference/" + first.get("id").asString());
        assertThat(R4Validator.errors(read.body())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and username = 'him'"
                + " and category = 'CLINICAL_DOCUMENTS'").params(before, patient).query(Long.class).single())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void everything_about_a_patient_includes_their_documents() {
        long patient = patientWithDocuments();
        var r = Fhir.as(port, "him").get("/Patient/" + patient + "/$everything");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"resourceType\":\"DocumentReference\"");
        assertThat(R4Validator.errors(r.body())).isEmpty();
    }

    @Test
    void a_document_search_needs_a_patient() {
        var r = Fhir.as(port, "him").get("/DocumentReference?type=progress-note");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("OperationOutcome").contains("patient");
    }

    /** An encounter of a patient, by SQL; returns its id. */
    long encounter(long patient, String account, java.time.Instant admit) {
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department) values (?, ?, 'INPATIENT', 'finished', ?, ?,"
                        + " (select min(id) from provider), 'Internal Medicine')")
                .params(patient, account, admit.atOffset(java.time.ZoneOffset.UTC),
                        admit.plus(java.time.Duration.ofDays(3)).atOffset(java.time.ZoneOffset.UTC)).update();
        return jdbc.sql("select id from encounter where account_number = ?").param(account).query(Long.class).single();
    }

    @Test
    void a_chart_of_more_than_500_documents_loses_none_to_the_limit_in_a_search_by_encounter_type_date_or_page() {
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, created_at, updated_at)"
                        + " values ((select min(code) from facility), ?, 'Thickchart', 'Tess', date '1950-02-03', 'female',"
                        + " current_timestamp, current_timestamp)").param("L" + tag).update();
        long patient = jdbc.sql("select id from patient where mrn = ?").param("L" + tag).query(Long.class).single();
        java.time.Instant old = java.time.Instant.parse("2020-03-01T08:00:00Z");
        java.time.Instant recent = java.time.Instant.parse("2025-01-01T08:00:00Z");
        long oldStay = encounter(patient, "LO" + tag, old);
        long recentStay = encounter(patient, "LR" + tag, recent);
        // 550 notes of the recent stay, then 50 older ones (10 discharge summaries) of the old stay: one batch
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            boolean older = i >= 550;
            java.time.Instant at = (older ? old : recent).plus(java.time.Duration.ofMinutes(i));
            String type = older && i % 5 == 0 ? "discharge-summary" : "progress-note";
            var t = java.sql.Timestamp.from(at);
            rows.add(new Object[] {patient, older ? oldStay : recentStay, type, type + " " + i, t, t, t});
        }
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).batchUpdate("insert into document (patient_id,"
                + " encounter_id, type_code, kind, source, title, service_at, status, created_at, updated_at)"
                + " values (?, ?, ?, 'text', 'typed', ?, ?, 'final', ?, ?)", rows);
        Fhir him = Fhir.as(port, "him");
        String search = "/DocumentReference?patient=Patient/" + patient;

        JsonNode byEncounter = bundle(him.get(search + "&encounter=Encounter/" + oldStay + "&_count=200"));
        assertThat(byEncounter.get("total").asInt()).isEqualTo(50);
        assertThat(byEncounter.get("entry")).hasSize(50);
        byEncounter.get("entry").forEach(e -> assertThat(e.get("resource").get("context").get("encounter").get(0)
                .get("reference").asString()).isEqualTo("Encounter/" + oldStay));
        assertThat(bundle(him.get(search + "&type=discharge-summary")).get("total").asInt()).isEqualTo(10);
        assertThat(bundle(him.get(search + "&period=lt2021-01-01")).get("total").asInt()).isEqualTo(50);

        JsonNode lastPage = bundle(him.get(search + "&_count=100&_offset=550"));
        assertThat(lastPage.get("total").asInt()).isEqualTo(600);
        assertThat(lastPage.get("entry")).as("the oldest 50, newest service first").hasSize(50);
        lastPage.get("entry").forEach(e -> assertThat(e.get("resource").get("context").get("period").get("start")
                .asString()).startsWith("2020-03-01"));
        JsonNode oldestFirst = bundle(him.get(search + "&_sort=date&_count=5"));
        assertThat(oldestFirst.get("entry").get(0).get("resource").get("description").asString())
                .isEqualTo("discharge-summary 550");

        var current = users.currentUser(users.findByUsername("him").orElseThrow().id(), null).orElseThrow();
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        current, null, java.util.List.of()));
        try {
            assertThat(records.encounterDocuments(patient, oldStay)).hasSize(50)
                    .allSatisfy(d -> assertThat(d.encounterId()).isEqualTo(oldStay));
            assertThat(records.encounterDocuments(patient, recentStay)).hasSize(550);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    static JsonNode bundle(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return FhirPatientTest.JSON.readTree(r.body());
    }
}
