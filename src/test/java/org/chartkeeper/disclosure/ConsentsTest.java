package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Consents through the JSON API and the page: bad input names the field and changes nothing; revocation is versioned. */
@IntegrationTest
class ConsentsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private long patient() {
        return jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset 330 rows fetch first 1 rows only").query(Long.class).single();
    }

    private long count(long patientId) {
        return jdbc.sql("select count(*) from consent where patient_id = ?").param(patientId).query(Long.class).single();
    }

    @Test
    void bad_consents_are_refused_naming_the_field_and_nothing_is_recorded() {
        long patientId = patient();
        Api roi = Api.as(port, "roi");
        long before = count(patientId);
        var cases = new String[][] {
                {"{\"category\": \"astrology\", \"purpose\": \"x\", \"periodStart\": \"2025-01-01\"}", "category"},
                {"{\"category\": \"part2\", \"periodStart\": \"2025-01-01\"}", "purpose"},
                {"{\"category\": \"part2\", \"purpose\": \"x\"}", "periodStart"},
                {"{\"category\": \"part2\", \"purpose\": \"x\", \"periodStart\": \"2025-13-01\"}", "periodStart"},
                {"{\"category\": \"part2\", \"purpose\": \"x\", \"periodStart\": \"2025-02-01\", \"periodEnd\": \"2025-01-01\"}", "periodEnd"},
                {"{\"category\": \"part2\", \"purpose\": \"x\", \"periodStart\": \"2025-02-01\", \"documentId\": 999999999}", "documentId"}};
        for (String[] c : cases) {
            var r = roi.post("/api/roi/patients/" + patientId + "/consents", c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.body()).as(c[0]).contains("\"field\":\"" + c[1] + "\"");
        }
        assertThat(count(patientId)).isEqualTo(before);
        // a user without consent.write is refused
        assertThat(Api.as(port, "coder").post("/api/roi/patients/" + patientId + "/consents",
                "{\"category\": \"hiv\", \"purpose\": \"x\", \"periodStart\": \"2025-01-01\"}").statusCode()).isEqualTo(403);
        assertThat(count(patientId)).isEqualTo(before);
    }

    @Test
    void a_consent_is_recorded_on_the_page_and_a_stale_revocation_is_refused() {
        long patientId = patient();
        PageSession page = PageSession.login(port, "roi");
        assertThat(page.get("/roi/patients/" + patientId + "/consents").body()).contains("No consents on file");
        var bad = page.postForm("/roi/patients/" + patientId + "/consents", java.util.Map.of("category", "hiv",
                "purpose", "", "periodStart", "2025-01-01"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"purpose-error\"").contains("Give the purpose");
        var ok = page.postForm("/roi/patients/" + patientId + "/consents", java.util.Map.of("category", "hiv",
                "recipient", "Lakeside Family Clinic", "purpose", "continuing care", "periodStart", "2025-01-01"));
        assertThat(ok.statusCode()).isIn(302, 303);
        var list = page.get("/roi/patients/" + patientId + "/consents");
        assertThat(list.body()).contains("Lakeside Family Clinic").contains("continuing care");
        long id = jdbc.sql("select max(id) from consent where patient_id = ?").param(patientId).query(Long.class).single();
        Api roi = Api.as(port, "roi");
        assertThat(roi.post("/api/roi/consents/" + id + "/revoke", "{\"version\": 7}").statusCode()).isEqualTo(409);
        var revoked = roi.post("/api/roi/consents/" + id + "/revoke", "{\"version\": 0}");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"status\":\"revoked\"");
        assertThat(roi.post("/api/roi/consents/" + id + "/revoke", "{\"version\": 1}").statusCode()).isEqualTo(400);
    }
}
