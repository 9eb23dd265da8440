package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class LoginAndTokensTest {

    @LocalServerPort
    int port;

    @Test
    void health_answers_UP_without_authentication() {
        var r = new Api(port, null).get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void a_demo_user_signs_in_with_the_demo_password_and_sees_the_DEMO_banner() {
        PageSession s = PageSession.login(port, "him");
        var home = s.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"demo-banner\"");
        assertThat(home.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(home.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(home.headers().firstValue("X-Frame-Options").orElse("")).isEqualTo("DENY");
    }

    @Test
    void a_wrong_password_is_refused() {
        PageSession s = PageSession.anonymous(port);
        s.get("/login");
        var r = s.postForm("/login", Map.of("username", "coder", "password", "not-the-password"));
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login?error");
    }

    @Test
    void an_invalid_api_token_gets_a_401_problem_detail() {
        var r = new Api(port, "no-such-token").get("/api/me");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.body()).contains("\"status\":401");
    }

    @Test
    void an_api_call_without_a_token_gets_a_401_problem_detail() {
        var r = new Api(port, null).get("/api/me");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Bearer");
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void each_wrong_password_counts_once_and_the_fifth_locks_the_account() {
        PageSession s = PageSession.anonymous(port);
        s.get("/login");
        for (int i = 1; i <= 4; i++) {
            var r = s.postForm("/login", Map.of("username", "director", "password", "wrong-" + i));
            assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login?error");
            assertThat(jdbc.sql("select failed_attempts from app_user where username = 'director'").query(Integer.class).single())
                    .isEqualTo(i);
        }
        var fifth = s.postForm("/login", Map.of("username", "director", "password", "wrong-5"));
        assertThat(fifth.headers().firstValue("Location").orElse("")).endsWith("/login?locked");
        var right = s.postForm("/login", Map.of("username", "director", "password", "chartkeeper-demo"));
        assertThat(right.headers().firstValue("Location").orElse("")).as("even the right password is refused while locked").endsWith("/login?locked");
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null where username = 'director'").update();
    }
}
