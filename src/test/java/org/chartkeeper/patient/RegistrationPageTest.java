package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class RegistrationPageTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String given(String family) {
        return "Tom" + family.substring(family.length() - 5);
    }

    static Map<String, String> form(String family) {
        Map<String, String> f = new HashMap<>();
        f.put("familyName", family);
        f.put("givenName", given(family)); // a first name of their own too: two test people never look alike
        f.put("middleName", "");
        f.put("birthDate", RegistrationApiTest.birthDate(family)); // each test person their own

        f.put("sex", "male");
        f.put("addressLine", (5 + RegistrationApiTest.seed(family) % 900) + " " + family + " Birch Lane");
        f.put("city", "Akron");
        f.put("state", "OH");
        f.put("postalCode", "44308");
        f.put("phone", RegistrationApiTest.phone(family).replaceFirst("^937", "330"));
        f.put("email", "");
        f.put("ssn", "");
        f.put("language", "pt");
        f.put("race", "2106-3");
        f.put("ethnicity", "2186-5");
        f.put("facilityCode", "CKGH");
        f.put("identifierSystem", "");
        f.put("identifierValue", "");
        f.put("identifierType", "PI");
        f.put("confirmNewPatient", "false");
        return f;
    }

    /** Signed in, on the registration page (as a browser would be before posting it). */
    PageSession onRegistrationPage(String username) {
        PageSession s = PageSession.login(port, username);
        assertThat(s.get("/patients/new").statusCode()).isEqualTo(200);
        return s;
    }

    long count(String family) {
        return jdbc.sql("select count(*) from patient where family_name = ?").param(family).query(Long.class).single();
    }

    @Test
    void the_registration_page_is_linked_from_search_and_shows_a_labelled_form() {
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/patients").body()).contains("id=\"register-link\"");
        var page = him.get("/patients/new");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Register a patient</h1>").contains("for=\"familyName\"")
                .contains("for=\"birthDate\"").contains("Race (choose all that apply)").contains("id=\"register-button\"")
                .doesNotContain("id=\"likely-matches\"");
    }

    @Test
    void registering_a_new_person_opens_their_chart_with_the_new_MRN_and_their_USCDI_details() {
        String family = RegistrationApiTest.uniqueName();
        PageSession him = onRegistrationPage("him");

        var r = him.postForm("/patients/new", form(family));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        long id = jdbc.sql("select id from patient where family_name = ?").param(family).query(Long.class).single();
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/patients/" + id);
        var chart = him.follow(r);
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(id).query(String.class).single();
        assertThat(chart.body()).contains("Registered " + family + ", " + given(family) + " with MRN " + mrn)
                .contains("White").contains("Not Hispanic or Latino").contains(">pt<").contains("id=\"history-link\"");
        var history = him.get("/patients/" + id + "/history");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).contains("registered through the registration page");
    }

    @Test
    void a_person_who_may_already_exist_is_shown_with_the_candidates_and_registered_only_after_confirming() {
        String family = RegistrationApiTest.uniqueName();
        PageSession him = onRegistrationPage("him");
        assertThat(him.postForm("/patients/new", form(family)).statusCode()).isEqualTo(302);
        long existing = jdbc.sql("select id from patient where family_name = ?").param(family).query(Long.class).single();

        var check = him.postForm("/patients/new", form(family));

        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains("id=\"likely-matches\"").contains("This person may already be registered")
                .contains("/patients/" + existing).contains("id=\"register-anyway\"")
                .contains("name=\"confirmNewPatient\" value=\"true\"");
        assertThat(count(family)).isEqualTo(1);

        Map<String, String> confirmed = form(family);
        confirmed.put("confirmNewPatient", "true");
        assertThat(him.postForm("/patients/new", confirmed).statusCode()).isEqualTo(302);
        assertThat(count(family)).isEqualTo(2);
    }

    @Test
    void an_impossible_date_is_shown_beside_its_field_and_nothing_is_registered() {
        String family = RegistrationApiTest.uniqueName();
        Map<String, String> bad = form(family);
        bad.put("birthDate", "1988-02-30");
        var r = onRegistrationPage("him").postForm("/patients/new", bad);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"birthDate-error\"").contains("Please correct the marked field")
                .contains("value=\"" + family + "\"");
        assertThat(count(family)).isZero();
    }

    @Test
    void a_role_without_patient_write_sees_a_warning_and_cannot_register() {
        String family = RegistrationApiTest.uniqueName();
        PageSession coder = onRegistrationPage("coder");
        assertThat(coder.get("/patients/new").body()).contains("id=\"no-write\"");
        assertThat(coder.postForm("/patients/new", form(family)).statusCode()).isEqualTo(403);
        assertThat(count(family)).isZero();
    }

    @Test
    void the_correction_page_needs_a_reason_and_then_keeps_the_old_values_in_the_history() {
        String family = RegistrationApiTest.uniqueName();
        long id = new PatientFixtures(jdbc).newPatient(family);
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/patients/" + id).body()).contains("id=\"correct-demographics\"");
        assertThat(him.get("/patients/" + id + "/demographics").body()).contains("id=\"demographics-form\"");
        Map<String, String> f = new HashMap<>(Map.of("version", "0", "familyName", family, "givenName", "Tessa",
                "middleName", "", "birthDate", "1980-04-02", "sex", "female", "reason", ""));

        var refused = him.postForm("/patients/" + id + "/demographics", f);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"reason-error\"");

        f.put("reason", "passport shows Tessa");
        var saved = him.postForm("/patients/" + id + "/demographics", f);
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(him.get("/patients/" + id + "/history").body()).contains(family + ", Testa")
                .contains("passport shows Tessa");
    }
}
