package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chartkeeper.security.AdminFixtures.createUser;
import static org.chartkeeper.security.AdminFixtures.json;
import static org.chartkeeper.security.AdminFixtures.uniqueName;

import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class LockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private String attempt(String username, String password) {
        PageSession s = PageSession.anonymous(port);
        s.get("/login");
        return s.postForm("/login", Map.of("username", username, "password", password))
                .headers().firstValue("Location").orElse("");
    }

    @Test
    void five_wrong_passwords_lock_the_account_until_an_admin_unlocks_it_and_every_attempt_is_audited() {
        String username = uniqueName("lock");
        long id = createUser(port, username, "coder").path("id").asLong();

        for (int i = 1; i <= 4; i++) {
            assertThat(attempt(username, "wrong-password-" + i)).as("attempt " + i).endsWith("/login?error");
        }
        assertThat(attempt(username, "wrong-password-5")).endsWith("/login?locked");

        var page = PageSession.anonymous(port).get("/login?locked");
        assertThat(page.body()).contains("id=\"login-locked\"").contains("locked after too many failed attempts");

        // even the right password is refused while locked
        assertThat(attempt(username, AdminFixtures.PASSWORD)).endsWith("/login?locked");
        var account = json(Api.as(port, "admin").get("/api/admin/users/" + id));
        assertThat(account.path("locked").asBoolean()).isTrue();

        long failures = jdbc.sql("select count(*) from audit_event where action = 'LOGIN_FAILED' and username = ?")
                .param(username).query(Long.class).single();
        assertThat(failures).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'LOGIN_FAILED' and username = ?"
                        + " and detail like '%account locked%'")
                .param(username).query(Long.class).single()).isEqualTo(2);

        var unlocked = Api.as(port, "admin").post("/api/admin/users/" + id + "/unlock", "");
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(json(unlocked).path("locked").asBoolean()).isFalse();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and resource_type = 'User'"
                        + " and resource_id = ? and detail like 'unlocked%'")
                .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);

        PageSession s = PageSession.login(port, username, AdminFixtures.PASSWORD);
        assertThat(s.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void an_admin_unlocks_an_account_on_the_user_page() {
        String username = uniqueName("lockp");
        long id = createUser(port, username, "coder").path("id").asLong();
        for (int i = 0; i < 5; i++) attempt(username, "nope-nope-nope");
        assertThat(attempt(username, AdminFixtures.PASSWORD)).endsWith("/login?locked");

        PageSession admin = PageSession.login(port, "admin");
        var page = admin.get("/admin/users/" + id);
        assertThat(page.body()).contains("id=\"locked\"").contains("id=\"unlock\"");
        var r = admin.postForm("/admin/users/" + id + "/unlock", Map.of());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(admin.follow(r).body()).contains("Unlocked " + username);

        assertThat(attempt(username, AdminFixtures.PASSWORD)).doesNotContain("/login");
    }
}
