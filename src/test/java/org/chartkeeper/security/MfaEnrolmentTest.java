package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chartkeeper.security.AdminFixtures.createUser;
import static org.chartkeeper.security.AdminFixtures.uniqueName;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.time.SystemTimeProvider;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class MfaEnrolmentTest {

    private static final Pattern SECRET = Pattern.compile("id=\"mfa-secret\">([A-Z2-7]+)<");

    @LocalServerPort
    int port;

    private static String code(String secret, long offsetPeriods) throws Exception {
        long counter = new SystemTimeProvider().getTime() / 30 + offsetPeriods;
        return new DefaultCodeGenerator().generate(secret, counter);
    }

    /** A code valid in none of the windows the server accepts. */
    private static String wrongCode(String secret) throws Exception {
        Set<String> valid = Set.of(code(secret, -1), code(secret, 0), code(secret, 1));
        int n = Integer.parseInt(code(secret, 0));
        String wrong;
        do {
            n = (n + 1) % 1_000_000;
            wrong = String.format("%06d", n);
        } while (valid.contains(wrong));
        return wrong;
    }

    private static String location(java.net.http.HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    @Test
    void a_user_enrols_an_authenticator_and_then_needs_its_code_to_sign_in() throws Exception {
        String username = uniqueName("mfa");
        createUser(port, username, "him");
        PageSession s = PageSession.login(port, username, AdminFixtures.PASSWORD);
        assertThat(s.get("/account").body()).contains("not set up");

        var enrol = s.get("/account/mfa");
        assertThat(enrol.statusCode()).isEqualTo(200);
        Matcher m = SECRET.matcher(enrol.body());
        assertThat(m.find()).as("secret shown on the page").isTrue();
        String secret = m.group(1);

        var wrongEnrol = s.postForm("/account/mfa", Map.of("code", wrongCode(secret)));
        assertThat(wrongEnrol.statusCode()).isEqualTo(200);
        assertThat(wrongEnrol.body()).contains("does not match");

        var confirmed = s.postForm("/account/mfa", Map.of("code", code(secret, 0)));
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(location(confirmed)).endsWith("/");
        assertThat(s.get("/account").body()).contains("id=\"mfa-status\">set up<");

        s.get("/");
        assertThat(location(s.postForm("/logout", Map.of()))).contains("/login?logout");

        PageSession again = PageSession.login(port, username, AdminFixtures.PASSWORD);
        var home = again.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(location(home)).endsWith("/mfa/verify");
        again.get("/mfa/verify");

        var wrong = again.postForm("/mfa/verify", Map.of("code", wrongCode(secret)));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("That code is not right");
        assertThat(location(again.get("/"))).endsWith("/mfa/verify");

        var right = again.postForm("/mfa/verify", Map.of("code", code(secret, 0)));
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(location(right)).endsWith("/");
        var landed = again.follow(right);
        assertThat(landed.statusCode()).isEqualTo(200);
        assertThat(landed.body()).contains("Welcome");
    }

    @Test
    void a_role_that_requires_a_second_factor_sends_a_new_user_to_enrolment_before_anything_else() {
        String username = uniqueName("priv");
        createUser(port, username, "privacy");
        PageSession s = PageSession.anonymous(port);
        s.get("/login");
        var login = s.postForm("/login", Map.of("username", username, "password", AdminFixtures.PASSWORD));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(location(login)).endsWith("/mfa/enroll");

        for (String path : new String[] {"/", "/account", "/admin/audit-settings", "/patients"}) {
            var r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(location(r)).as(path).endsWith("/mfa/enroll");
        }
        var enrol = s.get("/mfa/enroll");
        assertThat(enrol.statusCode()).isEqualTo(200);
        assertThat(enrol.body()).contains("Your role requires a second factor");
    }
}
