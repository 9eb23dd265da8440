package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chartkeeper.security.AdminFixtures.createUser;
import static org.chartkeeper.security.AdminFixtures.json;
import static org.chartkeeper.security.AdminFixtures.uniqueName;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class AdminChangesAreAuditedTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private long lastSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    /** Runs one change and returns the details of the ADMIN_CHANGE rows it wrote, by the given actor. */
    private List<String> adminChanges(String actor, Runnable change) {
        long before = lastSeq();
        change.run();
        return jdbc.sql("select resource_type || ' ' || resource_id || ': ' || detail from audit_event"
                        + " where seq > ? and action = 'ADMIN_CHANGE' and outcome = 'SUCCESS' and username = ?")
                .params(before, actor).query(String.class).list();
    }

    private void expect(String what, String actor, Runnable change, String expected) {
        assertThat(adminChanges(actor, change)).as(what).anyMatch(d -> d.contains(expected));
    }

    @Test
    void every_administrative_change_writes_an_ADMIN_CHANGE_audit_row() {
        Api api = Api.as(port, "admin");
        PageSession page = PageSession.login(port, "admin");
        page.get("/admin/users"); // the login replaced the CSRF token: take the new one from a page
        String username = uniqueName("aud");
        long[] id = new long[1];
        Supplier<Integer> version = () -> json(api.get("/api/admin/users/" + id[0])).path("version").asInt();

        expect("create", "admin", () -> id[0] = createUser(port, username, "coder").path("id").asLong(),
                "created user " + username);
        expect("roles", "admin", () -> api.put("/api/admin/users/" + id[0],
                "{\"roles\":[\"coder\",\"roi\"],\"version\":" + version.get() + "}"), "roles of " + username);
        expect("disable", "admin", () -> page.postForm("/admin/users/" + id[0] + "/enabled",
                Map.of("enabled", "false", "version", String.valueOf(version.get()))), "disabled " + username);
        expect("enable", "admin", () -> page.postForm("/admin/users/" + id[0] + "/enabled",
                Map.of("enabled", "true", "version", String.valueOf(version.get()))), "enabled " + username);
        expect("unlock", "admin", () -> api.post("/api/admin/users/" + id[0] + "/unlock", ""), "unlocked " + username);
        expect("password", "admin", () -> page.postForm("/admin/users/" + id[0] + "/password",
                Map.of("password", "another-long-password")), "password of " + username);
        expect("mfa reset", "admin", () -> page.postForm("/admin/users/" + id[0] + "/mfa-reset", Map.of()),
                "User " + id[0] + ": authenticator reset");
        long[] token = new long[1];
        expect("issue token", "admin", () -> token[0] = json(api.post("/api/tokens",
                "{\"name\":\"audited\",\"userId\":" + id[0] + "}")).path("token").path("id").asLong(), "issued token 'audited'");
        expect("revoke token", "admin", () -> page.postForm("/admin/users/" + id[0] + "/tokens/" + token[0] + "/revoke",
                Map.of()), "revoked token 'audited'");

        var role = json(api.get("/api/admin/roles/director"));
        expect("role mfa", "admin", () -> api.put("/api/admin/roles/director/mfa-required",
                "{\"mfaRequired\":" + role.path("mfaRequired").asBoolean() + ",\"version\":" + role.path("version").asInt() + "}"),
                "second factor for role director");
        var grants = json(api.get("/api/admin/roles/director"));
        expect("role permissions", "admin", () -> api.put("/api/admin/roles/director/permissions",
                "{\"permissions\":" + grants.path("permissions") + ",\"version\":" + grants.path("version").asInt() + "}"),
                "permissions of role director");
        var all = json(Api.as(port, "privacy").get("/api/audit/settings"));
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        for (var s : all) {
            if (s.path("key").asString().equals("breakglass.review-due-hours")) {
                expect("setting", "privacy", () -> Api.as(port, "privacy").put("/api/audit/settings",
                        "{\"key\":\"breakglass.review-due-hours\",\"value\":\"" + s.path("value").asString()
                                + "\",\"version\":" + s.path("version").asInt() + "}"), "breakglass.review-due-hours: ");
            }
        }
    }
}
