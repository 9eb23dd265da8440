package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
class RegistrationApiTest {

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

    static String uniqueName() {
        // no common prefix: two test people's family names must not look alike to the matcher
        StringBuilder b = new StringBuilder().append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        for (int i = 0; i < 10; i++) b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        return b.toString();
    }

    /**
     * A person of their own: birth date, address, phone, e-mail and SSN derived from the (random) family name, so that
     * the matcher rightly sees two test people as two people. The street carries the family name: a house number
     * from the same hash as the birth date would give two people with the same address the same birth year.
     */
    static String person(String family, String extra) {
        return """
                {"familyName":"%s","givenName":"Rosa","middleName":"Maria","birthDate":"%s","sex":"female",
                 "addressLine":"%d %s %s","city":"Dayton","state":"oh","postalCode":"45402","phone":"%s",
                 "email":"%s@example.com","ssn":"%s","language":"es","race":["2054-5","2106-3"],
                 "ethnicity":"2135-2","identifiers":[{"system":"urn:example:insurer","value":"MB-%s","typeCode":"MB"}]%s}
                """.formatted(family, birthDate(family), 10 + seed(family) % 980, family,
                List.of("Pine Road", "Oak Street", "Elm Avenue", "Maple Drive", "Cedar Lane").get(seed(family) % 5),
                phone(family), family.toLowerCase(java.util.Locale.ROOT), ssn(family), family,
                extra == null ? "" : "," + extra);
    }

    static int seed(String family) {
        return family.hashCode() & 0x7fffffff;
    }

    static String birthDate(String family) {
        int h = seed(family);
        return java.time.LocalDate.of(1930 + h % 70, 1 + h / 70 % 12, 1 + h / 840 % 28).toString();
    }

    static String phone(String family) {
        return "937-%03d-%04d".formatted(200 + seed(family) / 7 % 700, seed(family) / 13 % 10000);
    }

    static String ssn(String family) {
        int h = seed(family);
        return "%03d-%02d-%04d".formatted(100 + h % 500, 10 + h / 500 % 89, 1000 + h / 44500 % 9000);
    }

    long count(String family) {
        return jdbc.sql("select count(*) from patient where family_name = ?").param(family).query(Long.class).single();
    }

    @Test
    void a_new_person_is_registered_with_201_an_MRN_their_identifiers_USCDI_fields_and_a_history_entry() {
        String family = uniqueName();
        long before = db.lastSeq();

        var r = Api.as(port, "him").post("/api/patients", person(family, null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode p = JSON.readTree(r.body());
        long id = p.get("id").asLong();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/patients/" + id);
        assertThat(p.get("mrn").asString()).matches("M\\d{8}");
        assertThat(p.get("ssnMasked").asString()).isEqualTo("***-**-" + ssn(family).substring(7));
        assertThat(r.body()).doesNotContain(ssn(family).substring(0, 6)).doesNotContain(ssn(family).replace("-", ""));
        assertThat(p.get("state").asString()).isEqualTo("OH");
        assertThat(p.get("race").valueStream().map(JsonNode::asString)).containsExactly("2054-5", "2106-3");
        assertThat(p.get("identifiers").valueStream().map(i -> i.get("type").asString() + ":" + i.get("value").asString()))
                .containsExactly("MRN:" + p.get("mrn").asString(), "Member number:MB-" + family);
        assertThat(db.eventsSince(before, "him")).extracting(PatientFixtures.Event::action)
                .containsExactly("SEARCH", "CREATE");
        JsonNode history = JSON.readTree(Api.as(port, "him").get("/api/patients/" + id + "/history").body());
        assertThat(history.get(0).get("field").asString()).isEqualTo("registered");
        assertThat(history.get(0).get("newValue").asString()).contains("JSON API").contains(p.get("mrn").asString());
    }

    @Test
    void someone_who_may_already_be_registered_gets_409_with_the_candidates_and_is_registered_only_when_confirmed() {
        String family = uniqueName();
        Api him = Api.as(port, "him");
        long first = JSON.readTree(him.post("/api/patients", person(family, null)).body()).get("id").asLong();

        var again = him.post("/api/patients", person(family, null).replace("MB-" + family, "MB2-" + family));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        JsonNode problem = JSON.readTree(again.body());
        assertThat(problem.get("title").asString()).isEqualTo("Possible existing patient");
        JsonNode candidate = problem.get("candidates").get(0);
        assertThat(candidate.get("id").asLong()).isEqualTo(first);
        assertThat(candidate.get("score").asDouble()).isPositive();
        assertThat(candidate.get("grade").asString()).isIn("certain", "probable", "possible");
        assertThat(candidate.get("explanation")).isNotEmpty();
        assertThat(count(family)).isEqualTo(1);

        var confirmed = him.post("/api/patients", person(family, "\"confirmNewPatient\":true")
                .replace("MB-" + family, "MB2-" + family));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);
        assertThat(count(family)).isEqualTo(2);
        // registered anyway: the pair is proposed to the duplicate queue at once, with its work item
        long second = JSON.readTree(confirmed.body()).get("id").asLong();
        Map<String, Object> pair = jdbc.sql("select status, work_item_id from duplicate_candidate"
                + " where patient_a = ? and patient_b = ?").params(first, second).query().singleRow();
        assertThat(pair.get("status")).isEqualTo("open");
        assertThat(pair.get("work_item_id")).isNotNull();
    }

    @Test
    void bad_input_is_refused_with_400_naming_the_field_and_nothing_is_stored() {
        String family = uniqueName();
        Api him = Api.as(port, "him");
        Map<String, String> cases = Map.of(
                "birthDate", person(family, null).replace(birthDate(family), "1975-02-30"),
                "phone", person(family, null).replace(phone(family), "555-0110"),
                "ssn", person(family, null).replace(ssn(family), "000-12-3456"),
                "race", person(family, null).replace("\"2054-5\"", "\"purple\""),
                "sex", person(family, null).replace("\"female\"", "\"f\""),
                "givenName", person(family, null).replace("\"Rosa\"", "\"  \""),
                "identifiers[0].system", person(family, null).replace("\"urn:example:insurer\"", "null"),
                "language", person(family, null).replace("\"es\"", "\"Spanish language\""));
        cases.forEach((field, body) -> {
            var r = him.post("/api/patients", body);
            assertThat(r.statusCode()).as(field + ": " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo(field);
        });
        assertThat(count(family)).isZero();
    }

    @Test
    void a_role_without_patient_write_may_not_register_and_the_refusal_is_audited() {
        String family = uniqueName();
        long before = db.lastSeq();
        var r = Api.as(port, "roi").post("/api/patients", person(family, null));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(count(family)).isZero();
        assertThat(db.eventsSince(before, "roi")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("CREATE");
            assertThat(e.outcome()).isEqualTo("DENIED");
        });
    }

    @Test
    void a_contact_change_keeps_the_replaced_values_in_the_history() {
        long id = db.newPatient(uniqueName());
        var r = Api.as(port, "him").put("/api/patients/" + id + "/contact", """
                {"version":0,"addressLine":"9 Changed Avenue","city":"Testville","state":"OH","postalCode":"43004",
                 "phone":"614-555-0100","email":"new@example.com"}""");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> rows = jdbc.sql("select field, old_value, new_value, changed_by from patient_history"
                + " where patient_id = ? order by field").param(id).query().listOfRows();
        assertThat(rows).extracting(m -> m.get("field") + ": " + m.get("old_value") + " -> " + m.get("new_value"))
                .containsExactly("address: 1 Test Street, Testville, OH 43004 -> 9 Changed Avenue, Testville, OH 43004",
                        "email: testa@example.com -> new@example.com");
        assertThat(rows).allSatisfy(m -> assertThat(m.get("changed_by")).isEqualTo("him"));
    }

    @Test
    void patients_are_found_by_phone_digits_and_by_another_identifier() {
        String family = uniqueName();
        long id = JSON.readTree(Api.as(port, "him").post("/api/patients", person(family, null)
                .replace(phone(family), "(" + phone(family).substring(0, 3) + ") " + phone(family).substring(4))).body())
                .get("id").asLong();
        String phone = jdbc.sql("select phone_digits from patient where id = ?").param(id).query(String.class).single();

        JsonNode byPhone = JSON.readTree(Api.as(port, "him").post("/api/patients/search",
                "{\"phone\":\"" + phone.substring(0, 3) + "." + phone.substring(3, 6) + "." + phone.substring(6) + "\"}").body());
        JsonNode byIdentifier = JSON.readTree(Api.as(port, "him").post("/api/patients/search",
                "{\"identifier\":\"urn:example:insurer|MB-" + family + "\"}").body());

        assertThat(byPhone.get("results").valueStream().map(n -> n.get("id").asLong())).contains(id);
        assertThat(byIdentifier.get("results").valueStream().map(n -> n.get("id").asLong())).containsExactly(id);
    }

    String correction(int version, String family, String given, String birthDate, String sex, String reason) {
        return """
                {"version":%d,"familyName":"%s","givenName":"%s","birthDate":"%s","sex":"%s"%s}"""
                .formatted(version, family, given, birthDate, sex, reason == null ? "" : ",\"reason\":\"" + reason + "\"");
    }

    @Test
    void a_corrected_typo_in_the_name_is_kept_in_the_history_with_its_reason_and_is_no_overlay() {
        String family = uniqueName();
        long id = db.newPatient(family);
        var r = Api.as(port, "him").put("/api/patients/" + id + "/demographics",
                correction(0, family, "Tessa", "1980-04-02", "female", "driver licence shows Tessa"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("givenName").asString()).isEqualTo("Tessa");
        Map<String, Object> h = jdbc.sql("select old_value, new_value, changed_by from patient_history"
                + " where patient_id = ? and field = 'name'").param(id).query().singleRow();
        assertThat(h.get("old_value")).isEqualTo(family + ", Testa");
        assertThat(h.get("new_value").toString()).isEqualTo(family + ", Tessa (reason: driver licence shows Tessa)");
        assertThat(h.get("changed_by")).isEqualTo("him");
        assertThat(jdbc.sql("select overlay_flag from patient where id = ?").param(id).query(Boolean.class).single())
                .isFalse();
    }

    @Test
    void a_change_of_name_together_with_birth_date_is_flagged_as_a_possible_overlay_with_a_work_item() {
        long id = db.newPatient(uniqueName());
        String other = uniqueName();
        var r = Api.as(port, "him").put("/api/patients/" + id + "/demographics",
                correction(0, other, "Marguerite", "1957-11-23", "female", "registration desk correction"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("select overlay_flag from patient where id = ?").param(id).query(Boolean.class).single())
                .isTrue();
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'overlay-review' and subject_id = ?"
                + " and status <> 'done'").param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select field from patient_history where patient_id = ? order by id").param(id)
                .query(String.class).list()).containsSubsequence("name", "birthDate", "overlay");
    }

    @Test
    void a_correction_without_a_reason_or_with_a_stale_version_changes_nothing() {
        String family = uniqueName();
        long id = db.newPatient(family);
        Api him = Api.as(port, "him");
        var noReason = him.put("/api/patients/" + id + "/demographics",
                correction(0, family, "Tessa", "1980-04-02", "female", null));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        var stale = him.put("/api/patients/" + id + "/demographics",
                correction(7, family, "Tessa", "1980-04-02", "female", "typo"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(jdbc.sql("select given_name from patient where id = ?").param(id).query(String.class).single())
                .isEqualTo("Testa");
    }

    @Test
    void an_open_duplicate_pair_is_scored_again_when_one_of_its_patients_is_corrected() {
        String family = uniqueName();
        Api him = Api.as(port, "him");
        // confirmed as new: this test is about rescoring the pair, not about the check before registration
        var registered = him.post("/api/patients", person(family, "\"confirmNewPatient\":true"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        long first = JSON.readTree(registered.body()).get("id").asLong();
        var again = him.post("/api/patients", person(family, "\"confirmNewPatient\":true")
                .replace("MB-" + family, "MB2-" + family));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        JsonNode second = JSON.readTree(again.body());
        String pair = "select explanation from duplicate_candidate where patient_a = ? and patient_b = ?";
        String before = jdbc.sql(pair).params(first, second.get("id").asLong()).query(String.class).single();
        assertThat(before).contains("birth date: exact");

        var corrected = him.put("/api/patients/" + second.get("id").asLong() + "/demographics",
                correction(second.get("version").asInt(), family, "Rosa", "1931-01-01", "female", "birth certificate"));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);

        String after = jdbc.sql(pair).params(first, second.get("id").asLong()).query(String.class).single();
        assertThat(after).doesNotContain("birth date: exact").contains("birth date:");
    }

    @Test
    void a_name_that_sounds_alike_finds_the_patient() {
        String tag = uniqueName();
        String born = birthDate(tag);
        var r = Api.as(port, "him").post("/api/patients", person("Smith", "\"confirmNewPatient\":true")
                .replace(birthDate("Smith"), born).replace("MB-Smith", "MB-" + tag).replace(ssn("Smith"), ssn(tag))
                .replace(phone("Smith"), phone(tag)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long id = JSON.readTree(r.body()).get("id").asLong();

        JsonNode found = JSON.readTree(Api.as(port, "him").post("/api/patients/search",
                "{\"name\":\"Smyth, Rosa\",\"birthDate\":\"" + born + "\"}").body());

        assertThat(found.get("results").valueStream().map(n -> n.get("id").asLong())).contains(id);
    }

    @Test
    void a_street_address_finds_the_patient_with_abbreviations_matching_the_full_words() {
        String family = uniqueName();
        long id = JSON.readTree(Api.as(port, "him").post("/api/patients", person(family, null)).body()).get("id").asLong();
        String line = jdbc.sql("select address_line from patient where id = ?").param(id).query(String.class).single();
        String abbreviated = line.replace("Road", "Rd").replace("Street", "St").replace("Avenue", "Ave")
                .replace("Drive", "Dr").replace("Lane", "Ln");

        JsonNode found = JSON.readTree(Api.as(port, "him").post("/api/patients/search",
                "{\"address\":\"" + abbreviated + "\"}").body());

        assertThat(found.get("results").valueStream().map(n -> n.get("id").asLong())).contains(id);
        JsonNode none = JSON.readTree(Api.as(port, "him").post("/api/patients/search",
                "{\"address\":\"" + line.replaceFirst("^\\d+", "99999") + "\"}").body());
        assertThat(none.get("results").valueStream().map(n -> n.get("id").asLong())).doesNotContain(id);
    }
}
