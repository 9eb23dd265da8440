package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chartkeeper.security.AdminFixtures.createUser;
import static org.chartkeeper.security.AdminFixtures.field;
import static org.chartkeeper.security.AdminFixtures.json;
import static org.chartkeeper.security.AdminFixtures.uniqueName;

import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class UserAdministrationTest {

    @LocalServerPort
    int port;

    @Test
    void a_user_created_by_an_admin_through_the_API_can_sign_in() {
        String username = uniqueName("new");
        var created = createUser(port, username, "him");
        assertThat(created.path("roles").path(0).asString()).isEqualTo("him");
        assertThat(created.path("demo").asBoolean()).isFalse();

        PageSession s = PageSession.login(port, username, AdminFixtures.PASSWORD);
        var home = s.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Test " + username);
    }

    @Test
    void a_duplicate_username_is_refused_with_400_naming_username() {
        String username = uniqueName("dup");
        createUser(port, username, "coder");
        var r = Api.as(port, "admin").post("/api/admin/users", "{\"username\":\"" + username
                + "\",\"displayName\":\"Again\",\"password\":\"" + AdminFixtures.PASSWORD + "\",\"roles\":[\"coder\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(field(r)).isEqualTo("username");
    }

    @Test
    void a_short_password_is_refused_with_400_naming_password_and_no_user_is_created() {
        String username = uniqueName("short");
        var r = Api.as(port, "admin").post("/api/admin/users", "{\"username\":\"" + username
                + "\",\"displayName\":\"Short\",\"password\":\"tooshort\",\"roles\":[\"coder\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("password");
        assertThat(Api.as(port, "admin").get("/api/admin/users").body()).doesNotContain(username);
    }

    @Test
    void an_unknown_role_is_refused_with_400_naming_roles() {
        var r = Api.as(port, "admin").post("/api/admin/users", "{\"username\":\"" + uniqueName("role")
                + "\",\"displayName\":\"R\",\"password\":\"" + AdminFixtures.PASSWORD + "\",\"roles\":[\"wizard\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("roles");
    }

    @Test
    void a_user_without_admin_users_gets_403_from_the_user_API() {
        var r = Api.as(port, "coder").get("/api/admin/users");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"status\":403");
    }

    @Test
    void an_unknown_user_is_404() {
        var r = Api.as(port, "admin").get("/api/admin/users/987654321");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"status\":404");
    }

    @Test
    void a_stale_role_change_for_a_user_is_refused_with_409_and_changes_nothing() {
        var u = createUser(port, uniqueName("stale"), "coder");
        long id = u.path("id").asLong();
        int version = u.path("version").asInt();
        var admin = Api.as(port, "admin");
        assertThat(admin.put("/api/admin/users/" + id, "{\"roles\":[\"roi\"],\"version\":" + version + "}").statusCode())
                .isEqualTo(200);
        var stale = admin.put("/api/admin/users/" + id, "{\"roles\":[\"director\"],\"version\":" + version + "}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("\"status\":409");
        var now = json(admin.get("/api/admin/users/" + id));
        assertThat(now.path("roles").path(0).asString()).isEqualTo("roi");
        assertThat(now.path("roles").size()).isEqualTo(1);
        assertThat(now.path("version").asInt()).isEqualTo(version + 1);
    }

    @Test
    void the_users_page_lists_users_and_creates_one_with_errors_beside_the_fields() {
        PageSession admin = PageSession.login(port, "admin");
        var list = admin.get("/admin/users");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("drsmith").contains("Create a user");

        var bad = admin.postForm("/admin/users", Map.of("username", uniqueName("pg"), "displayName", "Page user",
                "password", "short", "roles", "coder"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"field-error\"").contains("at least 12 characters");

        String username = uniqueName("pg");
        var ok = admin.postForm("/admin/users", Map.of("username", username, "displayName", "Page user",
                "password", AdminFixtures.PASSWORD, "roles", "coder"));
        assertThat(ok.statusCode()).isEqualTo(302);
        var page = admin.follow(ok);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Created user " + username);
        assertThat(page.body()).contains("Save roles");
    }
}
