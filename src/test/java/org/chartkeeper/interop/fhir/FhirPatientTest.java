package org.chartkeeper.interop.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.security.SecretCipher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class FhirPatientTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AUTHORITY = "urn:oid:2.16.840.1.113883.3.9999.1";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    static String uniqueName() {
        StringBuilder b = new StringBuilder("Fh");
        for (int i = 0; i < 9; i++) b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        return b.toString();
    }

    long lastSeq() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
    }

    List<Map<String, Object>> eventsSince(long seq, String username) {
        return jdbc.sql("select action, outcome, patient_id, resource_type, detail from audit_event where seq > ? and"
                + " username = ? order by seq").params(seq, username).query().listOfRows();
    }

    long count(String family) {
        return jdbc.sql("select count(*) from patient where family_name = ?").param(family).query(Long.class).single();
    }

    String fullPatient(String family) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.3.39","value":"%s","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"DL"}]}},
                               {"system":"http://hl7.org/fhir/sid/us-ssn","value":"123-45-6789"}],
                 "name":[{"use":"official","family":"%s","given":["Maria","Elena"]}],
                 "telecom":[{"system":"phone","value":"(614) 555-0142"},{"system":"email","value":"maria@example.com"}],
                 "gender":"female","birthDate":"1984-07-19",
                 "address":[{"use":"home","line":["12 Elm Street"],"city":"Columbus","state":"OH","postalCode":"43004"}],
                 "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"es"}]},"preferred":true}],
                 "extension":[
                   {"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
                     {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2106-3"}},
                     {"url":"text","valueString":"White"}]},
                   {"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity","extension":[
                     {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2135-2"}},
                     {"url":"text","valueString":"Hispanic or Latino"}]}]}
                """.formatted("D" + family.toUpperCase(), family);
    }

    @Test
    void a_patient_created_through_FHIR_is_stored_with_its_USCDI_fields_an_MRN_and_an_audited_creation() {
        String family = uniqueName();
        long before = lastSeq();

        var r = Fhir.as(port, "him").post("/Patient", fullPatient(family));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location").orElse("")).contains("/fhir/Patient/");
        JsonNode created = JSON.readTree(r.body());
        long id = created.get("id").asLong();
        Map<String, Object> row = jdbc.sql("select family_name, given_name, middle_name, birth_date, sex, phone, phone_digits,"
                + " email, city, state, postal_code, language, race, ethnicity, ssn_last4, ssn_encrypted, mrn from patient"
                + " where id = ?").param(id).query().singleRow();
        assertThat(row.get("given_name")).isEqualTo("Maria");
        assertThat(row.get("middle_name")).isEqualTo("Elena");
        assertThat(row.get("phone_digits")).isEqualTo("6145550142");
        assertThat(row.get("language")).isEqualTo("es");
        assertThat(row.get("race")).isEqualTo("2106-3");
        assertThat(row.get("ethnicity")).isEqualTo("2135-2");
        assertThat(row.get("ssn_last4")).isEqualTo("6789");
        String encrypted = (String) row.get("ssn_encrypted");
        assertThat(encrypted).doesNotContain("6789").doesNotContain("123456789");
        assertThat(cipher.decrypt(encrypted)).isEqualTo("123456789");
        assertThat((String) row.get("mrn")).matches("M\\d{8}");
        List<Map<String, Object>> ids = jdbc.sql("select system_uri, id_value, type_code, status from patient_identifier"
                + " where patient_id = ? order by type_code").param(id).query().listOfRows();
        assertThat(ids).extracting(m -> m.get("type_code") + " " + m.get("system_uri") + " " + m.get("id_value"))
                .containsExactlyInAnyOrder("DL 2.16.840.1.113883.4.3.39 D" + family.toUpperCase(),
                        "MR 2.16.840.1.113883.3.9999.1 " + row.get("mrn"));
        assertThat(jdbc.sql("select field from patient_history where patient_id = ?").param(id).query(String.class).list())
                .containsExactly("registered");
        // the answer is the stored Patient: MRN among its identifiers, the SSN never
        assertThat(created.get("identifier").valueStream().map(i -> i.get("value").asString()))
                .contains((String) row.get("mrn")).doesNotContain("123-45-6789", "123456789");
        assertThat(r.body()).doesNotContain("6789");
        assertThat(eventsSince(before, "him")).singleElement().satisfies(e -> {
            assertThat(e.get("action")).isEqualTo("CREATE");
            assertThat(e.get("outcome")).isEqualTo("SUCCESS");
            assertThat(((Number) e.get("patient_id")).longValue()).isEqualTo(id);
        });
    }

    @Test
    void a_created_patient_reads_back_as_US_Core_and_the_read_is_audited_for_that_patient() {
        String family = uniqueName();
        long id = JSON.readTree(Fhir.as(port, "him").post("/Patient", fullPatient(family)).body()).get("id").asLong();
        long before = lastSeq();

        var r = Fhir.as(port, "coder").get("/Patient/" + id);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("resourceType").asString()).isEqualTo("Patient");
        assertThat(p.get("name").get(0).get("family").asString()).isEqualTo(family);
        assertThat(p.get("name").get(0).get("given").get(1).asString()).isEqualTo("Elena");
        assertThat(p.get("birthDate").asString()).isEqualTo("1984-07-19");
        assertThat(p.get("gender").asString()).isEqualTo("female");
        assertThat(p.get("address").get(0).get("postalCode").asString()).isEqualTo("43004");
        assertThat(p.get("communication").get(0).get("language").get("coding").get(0).get("code").asString()).isEqualTo("es");
        assertThat(r.body()).contains("us-core-race").contains("2106-3").contains("us-core-ethnicity").contains("2135-2");
        assertThat(p.get("identifier").valueStream().filter(i -> i.get("system").asString().equals(AUTHORITY)).count())
                .isEqualTo(1);
        assertThat(p.get("meta").get("versionId").asString()).isEqualTo("0");
        assertThat(eventsSince(before, "coder")).singleElement().satisfies(e -> {
            assertThat(e.get("action")).isEqualTo("VIEW");
            assertThat(((Number) e.get("patient_id")).longValue()).isEqualTo(id);
        });
    }

    @Test
    void demo_patients_read_back_with_their_MRN_as_an_identifier_of_the_hospital() {
        Map<String, Object> demo = jdbc.sql("select id, mrn from patient where restricted = false order by id limit 1")
                .query().singleRow();
        var r = Fhir.as(port, "him").get("/Patient/" + demo.get("id"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode mrn = JSON.readTree(r.body()).get("identifier").get(0);
        assertThat(mrn.get("system").asString()).isEqualTo(AUTHORITY);
        assertThat(mrn.get("value").asString()).isEqualTo(demo.get("mrn"));
        assertThat(mrn.get("type").get("coding").get(0).get("code").asString()).isEqualTo("MR");
        assertThat(jdbc.sql("select count(*) from patient p where p.mrn like 'M_______' and not exists (select 1 from"
                + " patient_identifier i where i.patient_id = p.id and i.type_code = 'MR' and i.id_value = p.mrn)")
                .query(Long.class).single())
                .as("demo patients without an MRN identifier").isZero();
    }

    @Test
    void a_patient_without_a_name_is_refused_with_an_OperationOutcome_naming_Patient_name_and_nothing_is_stored() {
        long patientsBefore = jdbc.sql("select count(*) from patient").query(Long.class).single();

        var r = Fhir.as(port, "him").post("/Patient", Fhir.patient(null, null, "1990-01-01", "male"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode oo = JSON.readTree(r.body());
        assertThat(oo.get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(oo.get("issue").get(0).get("expression").get(0).asString()).isEqualTo("Patient.name");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(jdbc.sql("select count(*) from patient").query(Long.class).single()).isEqualTo(patientsBefore);
    }

    @Test
    void a_patient_without_a_family_name_is_refused_naming_Patient_name_family() {
        var r = Fhir.as(port, "him").post("/Patient", Fhir.patient(null, "Ann", "1990-01-01", "female"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Patient.name.family");
    }

    @Test
    void an_impossible_birth_date_is_refused_with_an_OperationOutcome_naming_birthDate() {
        String family = uniqueName();
        var r = Fhir.as(port, "him").post("/Patient", Fhir.patient(family, "Ann", "1980-02-30", "female"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertThat(issue.get("diagnostics").asString()).contains("birthDate").contains("not a possible date");
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Patient.birthDate");
        assertThat(r.body()).doesNotContain("at ca.uhn").doesNotContain("at org.");
        assertThat(count(family)).isZero();
    }

    @Test
    void a_birth_date_in_the_future_is_refused_naming_Patient_birthDate() {
        String family = uniqueName();
        var r = Fhir.as(port, "him").post("/Patient", Fhir.patient(family, "Ann", "2999-01-01", "female"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode issue = JSON.readTree(r.body()).get("issue").get(0);
        assertThat(issue.get("expression").get(0).asString()).isEqualTo("Patient.birthDate");
        assertThat(issue.get("diagnostics").asString()).contains("future");
        assertThat(count(family)).isZero();
    }

    @Test
    void malformed_JSON_is_refused_with_400_and_no_stack_trace() {
        var r = Fhir.as(port, "him").post("/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("at ca.uhn");
    }

    @Test
    void an_unknown_patient_answers_404_with_an_OperationOutcome() {
        var r = Fhir.as(port, "him").get("/Patient/987654321");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    @Test
    void a_role_without_patient_write_may_not_create_and_the_refusal_is_audited() {
        String family = uniqueName();
        long before = lastSeq();
        var r = Fhir.as(port, "coder").post("/Patient", Fhir.patient(family, "Ann", "1990-01-01", "female"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(count(family)).isZero();
        assertThat(eventsSince(before, "coder")).singleElement().satisfies(e -> {
            assertThat(e.get("action")).isEqualTo("CREATE");
            assertThat(e.get("outcome")).isEqualTo("DENIED");
        });
    }

    @Test
    void a_restricted_chart_is_refused_to_a_coder_through_FHIR_too_and_the_refusal_is_audited() {
        long restricted = jdbc.sql("select min(id) from patient where restricted").query(Long.class).single();
        long before = lastSeq();
        var r = Fhir.as(port, "coder").get("/Patient/" + restricted);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("issue").get(0).get("code").asString()).isEqualTo("forbidden");
        assertThat(r.body()).doesNotContain("\"family\"");
        assertThat(eventsSince(before, "coder")).singleElement().satisfies(e -> {
            assertThat(e.get("outcome")).isEqualTo("DENIED");
            assertThat(((Number) e.get("patient_id")).longValue()).isEqualTo(restricted);
        });
    }

    @Test
    void FHIR_needs_a_valid_bearer_token() {
        assertThat(new Fhir(port, null).get("/Patient/1").statusCode()).isEqualTo(401);
        assertThat(new Fhir(port, "not-a-token").get("/Patient/1").statusCode()).isEqualTo(401);
    }

    @Test
    void search_by_family_given_and_birthdate_finds_the_patient_and_records_one_search_without_values() {
        String family = uniqueName();
        Fhir him = Fhir.as(port, "him");
        assertThat(him.post("/Patient", Fhir.patient(family, "Ann", "1971-03-04", "female")).statusCode()).isEqualTo(201);
        assertThat(him.post("/Patient", Fhir.patient(family, "Bob", "1971-03-04", "male")).statusCode()).isEqualTo(201);
        long before = lastSeq();

        var r = him.get("/Patient?family=" + family.toLowerCase() + "&given=an&birthdate=1971-03-04");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode bundle = JSON.readTree(r.body());
        assertThat(bundle.get("type").asString()).isEqualTo("searchset");
        assertThat(bundle.get("entry")).hasSize(1);
        assertThat(bundle.get("entry").get(0).get("resource").get("name").get(0).get("given").get(0).asString()).isEqualTo("Ann");
        List<Map<String, Object>> events = eventsSince(before, "him");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("action")).isEqualTo("SEARCH");
            assertThat((String) e.get("detail")).contains("1 result").doesNotContain(family);
        });
        assertThat(JSON.readTree(him.get("/Patient?family=" + family + "&birthdate=1971").body()).get("entry")).hasSize(2);
        assertThat(JSON.readTree(him.get("/Patient?family=" + family + "&birthdate=ge1972-01-01").body()).has("entry")).isFalse();
    }

    @Test
    void search_by_identifier_system_and_value_finds_exactly_that_patient() {
        String family = uniqueName();
        Fhir him = Fhir.as(port, "him");
        var created = him.post("/Patient", Fhir.patient(family, "Ann", "1971-03-04", "female", "urn:example:feed|X-" + family));
        long id = JSON.readTree(created.body()).get("id").asLong();
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(id).query(String.class).single();

        JsonNode byFeed = JSON.readTree(him.get("/Patient?identifier=urn:example:feed%7CX-" + family).body());
        JsonNode byMrn = JSON.readTree(him.get("/Patient?identifier=" + AUTHORITY + "%7C" + mrn).body());
        JsonNode byValue = JSON.readTree(him.get("/Patient?identifier=X-" + family).body());
        JsonNode otherSystem = JSON.readTree(him.get("/Patient?identifier=urn:example:other%7CX-" + family).body());

        assertThat(byFeed.get("entry")).hasSize(1);
        assertThat(byFeed.get("entry").get(0).get("resource").get("id").asLong()).isEqualTo(id);
        assertThat(byMrn.get("entry").get(0).get("resource").get("id").asLong()).isEqualTo(id);
        assertThat(byValue.get("entry")).hasSize(1);
        assertThat(otherSystem.has("entry")).isFalse();
    }

    @Test
    void a_search_without_criteria_is_refused() {
        var r = Fhir.as(port, "him").get("/Patient");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("resourceType").asString()).isEqualTo("OperationOutcome");
    }

    @Test
    void an_identifier_that_already_belongs_to_a_patient_is_refused_naming_Patient_identifier() {
        String family = uniqueName();
        Fhir him = Fhir.as(port, "him");
        String body = Fhir.patient(family, "Ann", "1971-03-04", "female", "urn:example:feed|Y-" + family);
        assertThat(him.post("/Patient", body).statusCode()).isEqualTo(201);
        var again = him.post("/Patient", body);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(again.body()).get("issue").get(0).get("expression").get(0).asString())
                .isEqualTo("Patient.identifier");
        assertThat(count(family)).isEqualTo(1);
    }

    @Test
    void an_MRN_given_with_the_hospitals_assigning_authority_is_kept_as_the_MRN() {
        String family = uniqueName();
        String mrn = "X" + family.substring(2, 9).toUpperCase();
        var r = Fhir.as(port, "him").post("/Patient", Fhir.patient(family, "Ann", "1971-03-04", "female", AUTHORITY + "|" + mrn));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(jdbc.sql("select mrn from patient where family_name = ?").param(family).query(String.class).single())
                .isEqualTo(mrn);
    }

    @Test
    void the_capability_statement_lists_Patient_with_its_searches_and_match() {
        var r = Fhir.as(port, "him").get("/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode patient = JSON.readTree(r.body()).get("rest").get(0).get("resource").valueStream()
                .filter(x -> x.get("type").asString().equals("Patient")).findFirst().orElseThrow();
        assertThat(patient.get("searchParam").valueStream().map(p -> p.get("name").asString()))
                .contains("family", "given", "birthdate", "identifier", "phone");
        assertThat(r.body()).contains("match").contains("\"transaction\"");
    }

    @Test
    void a_search_posted_as_a_form_keeps_the_criteria_out_of_the_URL_and_finds_the_patient() {
        String family = uniqueName();
        Fhir him = Fhir.as(port, "him");
        assertThat(him.post("/Patient", Fhir.patient(family, "Ann", "1971-03-04", "female")).statusCode()).isEqualTo(201);
        var r = org.chartkeeper.Api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/fhir/Patient/_search"))
                .header("Authorization", "Bearer demo-him").header("Accept", "application/fhir+json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("family=" + family + "&birthdate=1971-03-04"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("entry")).hasSize(1);
    }

    @Test
    void the_JSON_API_and_FHIR_agree_on_a_patient() {
        String family = uniqueName();
        long id = JSON.readTree(Fhir.as(port, "him").post("/Patient", fullPatient(family)).body()).get("id").asLong();
        JsonNode view = JSON.readTree(Api.as(port, "him").get("/api/patients/" + id).body());
        assertThat(view.get("familyName").asString()).isEqualTo(family);
        assertThat(view.get("ssnMasked").asString()).isEqualTo("***-**-6789");
    }

    @Test
    void the_phonetic_parameter_finds_a_name_that_sounds_alike() {
        String born = "19" + (40 + java.util.concurrent.ThreadLocalRandom.current().nextInt(50)) + "-0"
                + (1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9)) + "-1"
                + java.util.concurrent.ThreadLocalRandom.current().nextInt(10);
        Fhir him = Fhir.as(port, "him");
        var created = him.post("/Patient", Fhir.patient("Thomson", "Ann", born, "female"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();

        var r = him.get("/Patient?phonetic=Tomson&given=Ann&birthdate=" + born);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("entry").valueStream()
                .map(e -> e.get("resource").get("id").asString())).contains(id);
        assertThat(JSON.readTree(him.get("/Patient?family=Tomson&birthdate=" + born).body()).has("entry")).isFalse();
    }
}
