package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class PatientApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    PatientFixtures db;

    @BeforeEach
    void fixtures() {
        db = new PatientFixtures(jdbc);
    }

    @Test
    void a_name_search_returns_matches_and_records_one_search_event_without_the_name() {
        PatientFixtures.Found p = db.ordinaryPatient();
        long before = db.lastSeq();

        var r = Api.as(port, "him").post("/api/patients/search",
                "{\"name\":\"" + p.familyName() + " " + p.givenName() + "\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("count").asInt()).isEqualTo(body.get("results").size()).isPositive();
        assertThat(body.get("results").valueStream().map(n -> n.get("mrn").asString())).contains(p.mrn());
        List<PatientFixtures.Event> events = db.eventsSince(before, "him");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().action()).isEqualTo("SEARCH");
        assertThat(events.getFirst().detail()).contains("criteria: name").doesNotContain(p.familyName());
    }

    @Test
    void a_search_by_mrn_and_date_of_birth_finds_exactly_that_patient() {
        long id = db.newPatient("Apisearch");
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(id).query(String.class).single();
        var r = Api.as(port, "him").post("/api/patients/search", "{\"mrn\":\"" + mrn + "\",\"birthDate\":\"1980-04-02\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("count").asInt()).isEqualTo(1);
        assertThat(body.get("results").get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void a_malformed_date_of_birth_is_refused_with_400_naming_the_field() {
        var r = Api.as(port, "him").post("/api/patients/search", "{\"birthDate\":\"02/04/1980\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("birthDate");
    }

    @Test
    void a_search_without_criteria_is_refused_with_400() {
        var r = Api.as(port, "him").post("/api/patients/search", "{\"name\":\"  \"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Enter a name, a date of birth or an MRN");
    }

    @Test
    void an_auditor_may_not_search_patients_and_the_refusal_is_audited() {
        long before = db.lastSeq();
        var r = Api.as(port, "auditor").post("/api/patients/search", "{\"name\":\"Smith\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(db.eventsSince(before, "auditor")).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("DENIED");
            assertThat(e.resourceId()).isEqualTo("POST /api/patients/search");
        });
    }

    @Test
    void a_patient_is_read_with_its_version_as_etag_the_ssn_masked_and_the_read_audited() {
        long id = db.newPatient("Apiread");
        long before = db.lastSeq();
        var r = Api.as(port, "him").get("/api/patients/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"0\"");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("version").asInt()).isZero();
        assertThat(p.get("ssnMasked").asString()).isEqualTo("***-**-4321");
        assertThat(r.body()).doesNotContain("ssnLast4");
        assertThat(p.get("identifiers").get(0).get("type").asString()).isEqualTo("MRN");
        assertThat(p.get("identifiers").get(0).get("assigningAuthority").asString()).isNotBlank();
        assertThat(db.eventsSince(before, "him")).anySatisfy(e -> {
            assertThat(e.patientId()).isEqualTo(id);
            assertThat(e.action()).isEqualTo("VIEW");
            assertThat(e.category()).isEqualTo("DEMOGRAPHICS");
        });
    }

    @Test
    void a_patients_encounters_are_listed() {
        long attended = db.attendedBy("drsmith");
        long expected = jdbc.sql("select count(*) from encounter where patient_id = ?").param(attended)
                .query(Long.class).single();
        var r = Api.as(port, "drsmith").get("/api/patients/" + attended + "/encounters");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body());
        assertThat(list.size()).isEqualTo((int) expected);
        assertThat(list.get(0).get("accountNumber").asString()).isNotBlank();
    }

    @Test
    void a_physician_is_refused_a_patient_he_does_not_attend_and_offered_break_the_glass() {
        long other = db.notAttendedBy("drsmith");
        var r = Api.as(port, "drsmith").get("/api/patients/" + other);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("breakGlassAvailable").asBoolean()).isTrue();
    }

    @Test
    void a_contact_update_returns_the_patient_with_the_next_version() {
        long id = db.newPatient("Apiupdate");
        var r = Api.as(port, "him").put("/api/patients/" + id + "/contact", contact(0, "(614) 555-0142"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("version").asInt()).isEqualTo(1);
        assertThat(p.get("phone").asString()).isEqualTo("(614) 555-0142");
        assertThat(db.contactRow(id)).containsEntry("address_line", "9 Changed Avenue");
    }

    @Test
    void a_stale_update_is_refused_with_409_and_changes_nothing() {
        long id = db.newPatient("Apistale");
        Api him = Api.as(port, "him");
        assertThat(him.put("/api/patients/" + id + "/contact", contact(0, "614-555-0111")).statusCode()).isEqualTo(200);
        var before = db.contactRow(id);

        var r = him.put("/api/patients/" + id + "/contact", contact(0, "614-555-0122"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(db.contactRow(id)).isEqualTo(before);
    }

    @Test
    void an_invalid_phone_is_refused_with_400_naming_phone_and_changes_nothing() {
        long id = db.newPatient("Apiphone");
        var before = db.contactRow(id);
        var r = Api.as(port, "him").put("/api/patients/" + id + "/contact", contact(0, "555-01"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("phone");
        assertThat(db.contactRow(id)).isEqualTo(before);
    }

    @Test
    void an_update_without_a_version_is_refused_with_400_naming_version() {
        long id = db.newPatient("Apinoversion");
        var r = Api.as(port, "him").put("/api/patients/" + id + "/contact", "{\"phone\":\"614-555-0100\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("version");
    }

    @Test
    void malformed_json_is_refused_with_a_400_problem_detail() {
        long id = db.newPatient("Apimalformed");
        var r = Api.as(port, "him").put("/api/patients/" + id + "/contact", "{\"version\": 0, \"phone\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(r.body()).get("status").asInt()).isEqualTo(400);
        assertThat(db.contactRow(id)).containsEntry("version", 0);
    }

    @Test
    void an_unknown_patient_is_404() {
        var r = Api.as(port, "him").get("/api/patients/987654321");
        assertThat(r.statusCode()).isEqualTo(404);
    }

    private static String contact(int version, String phone) {
        return "{\"version\":" + version + ",\"addressLine\":\"9 Changed Avenue\",\"city\":\"Testville\",\"state\":\"OH\","
                + "\"postalCode\":\"43004\",\"phone\":\"" + phone + "\",\"email\":\"testa@example.com\"}";
    }
}
