package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class PatientPagesTest {

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
    void a_name_search_is_posted_lists_the_match_and_records_one_search_event_without_the_name() {
        PatientFixtures.Found p = db.ordinaryPatient();
        PageSession him = PageSession.login(port, "him");
        var page = him.get("/patients");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("method=\"post\"").contains("action=\"/patients/search\"")
                .contains("hx-post=\"/patients/search\"");
        long before = db.lastSeq();

        var r = him.postForm("/patients/search", Map.of("name", p.familyName() + ", " + p.givenName(),
                "birthDate", "", "mrn", ""));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"patient-results\"").contains(p.mrn())
                .contains("href=\"/patients/" + p.id() + "\"");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        List<PatientFixtures.Event> searches = db.eventsSince(before, "him").stream()
                .filter(e -> e.action().equals("SEARCH")).toList();
        assertThat(searches).hasSize(1);
        assertThat(searches.getFirst().outcome()).isEqualTo("SUCCESS");
        assertThat(searches.getFirst().detail()).contains("criteria: name").doesNotContain(p.familyName());
        assertThat(searches.getFirst().resourceId()).isNull();
    }

    @Test
    void an_htmx_search_gets_only_the_results_fragment_and_an_empty_one_gets_the_message_in_a_200_fragment() {
        PatientFixtures.Found p = db.ordinaryPatient();
        HtmxSession s = HtmxSession.login(port, "him");

        var found = s.htmxPost("/patients/search", Map.of("name", "", "birthDate", "", "mrn", p.mrn()));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).startsWith("<section id=\"search-results\"").contains(p.mrn())
                .doesNotContain("<html");

        var empty = s.htmxPost("/patients/search", Map.of("name", " ", "birthDate", "", "mrn", ""));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("id=\"search-error\"").contains("Enter a name, a date of birth or an MRN")
                .doesNotContain("<html");
    }

    @Test
    void a_search_without_criteria_or_with_a_malformed_date_is_refused_beside_the_form() {
        PageSession him = PageSession.login(port, "him");
        him.get("/patients");
        var empty = him.postForm("/patients/search", Map.of("name", "", "birthDate", "", "mrn", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("id=\"search-error\"").contains("id=\"patient-search-form\"");

        var badDate = him.postForm("/patients/search", Map.of("name", "", "birthDate", "31/12/1980", "mrn", ""));
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("Date of birth must be a date");
    }

    @Test
    void a_search_that_matches_nobody_says_so() {
        PageSession him = PageSession.login(port, "him");
        him.get("/patients");
        var r = him.postForm("/patients/search", Map.of("name", "Zzqxnobody", "birthDate", "1901-01-01", "mrn", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"no-results\"").doesNotContain("id=\"patient-results\"");
    }

    @Test
    void opening_a_chart_shows_it_uncached_and_records_views_of_demographics_and_encounters() {
        PatientFixtures.Found p = db.ordinaryPatient();
        String authority = jdbc.sql("select f.assigning_authority from facility f join patient p on p.facility_code = f.code"
                + " where p.id = ?").param(p.id()).query(String.class).single();
        PageSession him = PageSession.login(port, "him");
        long before = db.lastSeq();

        var r = him.get("/patients/" + p.id());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(r.body()).contains(p.mrn()).contains(authority).contains("***-**-")
                .contains("id=\"demographics\"").contains("id=\"identifiers\"").contains("id=\"encounters\"")
                .contains("id=\"edit-contact\"") // him has patient.write
                .doesNotContain("id=\"access-report-link\"") // but not audit.read
                .doesNotContain("id=\"restricted-badge\"").doesNotContain("id=\"emergency-access\"");
        List<PatientFixtures.Event> views = db.eventsSince(before, "him");
        assertThat(views).filteredOn(e -> p.id() == e.patientId() && e.action().equals("VIEW")
                        && e.outcome().equals("SUCCESS"))
                .extracting(PatientFixtures.Event::category).contains("DEMOGRAPHICS", "ENCOUNTERS");
    }

    @Test
    void the_who_accessed_link_is_shown_only_to_those_who_may_read_the_audit_trail() {
        PatientFixtures.Found p = db.ordinaryPatient();
        var chart = PageSession.login(port, "privacy").get("/patients/" + p.id());
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("id=\"access-report-link\"")
                .contains("href=\"/patients/" + p.id() + "/access-report\"")
                .doesNotContain("id=\"edit-contact\""); // privacy has no patient.write
    }

    @Test
    void a_physician_opens_a_patient_he_attends_and_is_refused_with_break_the_glass_for_one_he_does_not() {
        long attended = db.attendedBy("drsmith");
        long other = db.notAttendedBy("drsmith");
        PageSession drsmith = PageSession.login(port, "drsmith");

        assertThat(drsmith.get("/patients/" + attended).statusCode()).isEqualTo(200);

        long before = db.lastSeq();
        var refused = drsmith.get("/patients/" + other);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("id=\"break-glass-form\"").doesNotContain("id=\"demographics\"");
        assertThat(db.eventsSince(before, "drsmith"))
                .anySatisfy(e -> {
                    assertThat(e.patientId()).isEqualTo(other);
                    assertThat(e.outcome()).isEqualTo("DENIED");
                });
    }

    @Test
    void a_chart_opened_through_an_active_emergency_grant_says_so() {
        long other = db.notAttendedBy("drsmith");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into break_glass_grant (user_id, patient_id, reason, granted_at, expires_at)"
                        + " values (?, ?, 'test: patient arrived unconscious', ?, ?)")
                .params(db.userId("drsmith"), other, now, now.plusMinutes(30)).update();
        try {
            var r = PageSession.login(port, "drsmith").get("/patients/" + other);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("id=\"emergency-access\"");
        } finally {
            jdbc.sql("delete from break_glass_grant where user_id = ? and patient_id = ?")
                    .params(db.userId("drsmith"), other).update();
        }
    }

    @Test
    void a_restricted_chart_is_refused_for_him_and_open_for_the_privacy_officer() {
        PatientFixtures.Found restricted = db.restrictedPatient();
        long before = db.lastSeq();

        var refused = PageSession.login(port, "him").get("/patients/" + restricted.id());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(restricted.mrn());
        assertThat(db.eventsSince(before, "him"))
                .anySatisfy(e -> {
                    assertThat(e.patientId()).isEqualTo(restricted.id());
                    assertThat(e.outcome()).isEqualTo("DENIED");
                });

        var open = PageSession.login(port, "privacy").get("/patients/" + restricted.id());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("id=\"restricted-badge\"").contains(restricted.mrn());
    }

    @Test
    void contact_details_are_edited_with_field_errors_a_409_on_a_stale_version_and_a_flash_on_success() {
        long id = db.newPatient("Pageedit");
        PageSession him = PageSession.login(port, "him");
        var form = him.get("/patients/" + id + "/contact");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"614-555-0100\"").contains("name=\"version\" value=\"0\"");

        var bad = him.postForm("/patients/" + id + "/contact", contact("0", "12345"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"phone-error\"").contains("Phone must have 10 digits")
                .contains("value=\"12345\"");

        var stale = him.postForm("/patients/" + id + "/contact", contact("7", "614-555-0199"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("was changed by someone else").contains("id=\"stale-notice\"");
        assertThat(db.contactRow(id)).containsEntry("phone", "614-555-0100");

        var saved = him.postForm("/patients/" + id + "/contact", contact("0", "614-555-0199"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElse("")).endsWith("/patients/" + id);
        var chart = him.follow(saved);
        assertThat(chart.body()).contains("Contact details updated.").contains("614-555-0199");
        assertThat(db.contactRow(id)).containsEntry("phone", "614-555-0199");
    }

    @Test
    void a_user_without_patient_write_cannot_change_contact_details_through_the_page() {
        long id = db.newPatient("Pagereadonly");
        PageSession privacy = PageSession.login(port, "privacy");
        privacy.get("/patients/" + id + "/contact");
        var r = privacy.postForm("/patients/" + id + "/contact", contact("0", "614-555-0177"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(db.contactRow(id)).containsEntry("phone", "614-555-0100");
    }

    private static Map<String, String> contact(String version, String phone) {
        return Map.of("version", version, "addressLine", "2 New Road", "city", "Testville", "state", "OH",
                "postalCode", "43004", "phone", phone, "email", "testa@example.com");
    }

    /** A signed-in session that sends requests the way htmx does (HX-Request and the CSRF header). */
    private record HtmxSession(int port, HttpClient client, String csrf) {

        private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

        static HtmxSession login(int port, String username) {
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String token = csrfOf(send(client, HttpRequest.newBuilder(uri(port, "/login")).GET().build()).body());
            send(client, form(port, "/login", Map.of("username", username, "password", "chartkeeper-demo",
                    "_csrf", token)).build());
            String page = send(client, HttpRequest.newBuilder(uri(port, "/patients")).GET().build()).body();
            return new HtmxSession(port, client, csrfOf(page));
        }

        HttpResponse<String> htmxPost(String path, Map<String, String> fields) {
            return send(client, form(port, path, fields).header("HX-Request", "true")
                    .header("X-CSRF-TOKEN", csrf).build());
        }

        private static HttpRequest.Builder form(int port, String path, Map<String, String> fields) {
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            return HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }

        private static String csrfOf(String html) {
            Matcher m = META.matcher(html);
            if (!m.find()) throw new AssertionError("No CSRF token on the page");
            return m.group(1);
        }

        private static URI uri(int port, String path) {
            return URI.create("http://localhost:" + port + path);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
