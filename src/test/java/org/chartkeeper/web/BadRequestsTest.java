package org.chartkeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class BadRequestsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void an_oversized_request_body_is_refused_with_413_naming_the_limit() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        var r = Api.as(port, "him").post("/api/patients/search", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.body()).contains("the limit is 1048576 bytes");
    }

    @Test
    void an_unknown_api_address_gets_a_404_problem_detail_not_a_stack_trace() {
        var r = Api.as(port, "admin").get("/api/no-such-thing");
        assertThat(r.statusCode()).isIn(403, 404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void an_unknown_page_gets_a_plain_error_page_without_internals() {
        var r = PageSession.login(port, "him").get("/patients/not-a-number");
        assertThat(r.statusCode()).isBetween(400, 404);
        assertThat(r.body()).contains("id=\"error-message\"").doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void a_form_post_without_the_csrf_token_is_refused_and_changes_nothing() {
        PageSession s = PageSession.login(port, "him");
        var r = s.postFormWithoutCsrf("/logout", java.util.Map.of());
        assertThat(r.statusCode()).isIn(302, 403);
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("logout");
        assertThat(s.get("/").statusCode()).as("the session is untouched").isEqualTo(200);
    }

    @Test
    void a_signed_in_session_times_out_after_15_minutes_of_inactivity_by_default() {
        PageSession.login(port, "roi").get("/");
        Integer seconds = jdbc.sql("select max(max_inactive_interval) from spring_session where principal_name = 'roi'")
                .query(Integer.class).single();
        assertThat(seconds).isEqualTo(15 * 60);
    }
}
