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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ApiTokensTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void an_issued_token_works_as_bearer_until_revoked_then_gets_401() {
        var issued = Api.as(port, "coder").post("/api/tokens", "{\"name\":\"script\",\"days\":7}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String secret = json(issued).path("secret").asString();
        long id = json(issued).path("token").path("id").asLong();
        assertThat(secret).startsWith("ck_");

        var me = new Api(port, secret).get("/api/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).path("username").asString()).isEqualTo("coder");
        assertThat(json(me).path("permissions").toString()).contains("patient.search");

        assertThat(Api.as(port, "coder").get("/api/tokens").body()).contains("\"id\":" + id);

        var revoked = Api.as(port, "coder").delete("/api/tokens/" + id);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).path("active").asBoolean()).isFalse();
        var after = new Api(port, secret).get("/api/me");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("\"status\":401");
    }

    @Test
    void only_the_hash_of_a_token_is_stored() {
        var issued = json(Api.as(port, "roi").post("/api/tokens", "{\"name\":\"hash check\"}"));
        String secret = issued.path("secret").asString();
        long id = issued.path("token").path("id").asLong();
        var row = jdbc.sql("select * from api_token where id = ?").param(id).query().singleRow();
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret));
        assertThat(row.get("token_hash")).isEqualTo(ApiTokenService.hash(secret));
        assertThat(row.get("expires_at")).as("default validity").isNotNull();
    }

    @Test
    void a_user_without_admin_tokens_cannot_revoke_someone_elses_token_and_the_refusal_is_audited() {
        long id = json(Api.as(port, "director").post("/api/tokens", "{\"name\":\"director's\"}"))
                .path("token").path("id").asLong();
        var r = Api.as(port, "him").delete("/api/tokens/" + id);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"status\":403");
        assertThat(json(Api.as(port, "director").get("/api/tokens")).toString()).contains("\"id\":" + id);
        assertThat(jdbc.sql("select count(*) from audit_event where username = 'him' and outcome = 'DENIED'"
                + " and detail like 'refused: manage another user''s API tokens'").query(Long.class).single())
                .isGreaterThanOrEqualTo(1);
        // and nobody but an admin issues for someone else
        var other = Api.as(port, "him").post("/api/tokens", "{\"name\":\"x\",\"userId\":" + json(Api.as(port, "director")
                .get("/api/me")).path("id").asLong() + "}");
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    void an_admin_issues_a_token_for_another_user_and_revokes_it() {
        var user = createUser(port, uniqueName("tok"), "coder");
        var admin = Api.as(port, "admin");
        var issued = admin.post("/api/tokens", "{\"name\":\"for them\",\"days\":30,\"userId\":" + user.path("id").asLong() + "}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String secret = json(issued).path("secret").asString();
        assertThat(json(new Api(port, secret).get("/api/me")).path("username").asString())
                .isEqualTo(user.path("username").asString());
        assertThat(admin.delete("/api/tokens/" + json(issued).path("token").path("id").asLong()).statusCode()).isEqualTo(200);
        assertThat(new Api(port, secret).get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void a_token_acts_with_its_users_new_roles_at_once_though_tokens_are_remembered_between_calls() {
        var user = createUser(port, uniqueName("rol"), "coder");
        long userId = user.path("id").asLong();
        var admin = Api.as(port, "admin");
        var issued = admin.post("/api/tokens", "{\"name\":\"fhir client\",\"days\":1,\"userId\":" + userId + "}");
        String secret = json(issued).path("secret").asString();
        var token = new Api(port, secret);
        assertThat(json(token.get("/api/me")).path("permissions").toString()).doesNotContain("audit.read");
        assertThat(json(token.get("/api/me")).path("permissions").toString()).doesNotContain("audit.read"); // remembered

        int version = json(admin.get("/api/admin/users/" + userId)).path("version").asInt();
        var changed = admin.put("/api/admin/users/" + userId, "{\"roles\":[\"privacy\"],\"version\":" + version + "}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(token.get("/api/me")).path("permissions").toString()).contains("audit.read");
        // the token is only read again from the database once in a while: its last use is still recorded
        assertThat(jdbc.sql("select last_used_at from api_token where user_id = ?").param(userId).query().singleValue())
                .isNotNull();
    }

    @Test
    void bad_token_requests_get_400_naming_the_field() {
        var noName = Api.as(port, "coder").post("/api/tokens", "{\"days\":7}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(field(noName)).isEqualTo("name");
        var tooLong = Api.as(port, "coder").post("/api/tokens", "{\"name\":\"x\",\"days\":5000}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(field(tooLong)).isEqualTo("days");
        assertThat(Api.as(port, "coder").delete("/api/tokens/987654321").statusCode()).isEqualTo(404);
    }

    @Test
    void the_account_page_issues_a_token_shown_once_and_revokes_it() {
        String username = uniqueName("acct");
        createUser(port, username, "him");
        PageSession s = PageSession.login(port, username, AdminFixtures.PASSWORD);
        var account = s.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains("patient.search").contains("No API tokens").contains("/account/mfa");

        var issued = s.postForm("/account/tokens", Map.of("name", "laptop", "days", "10"));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("shown only once").contains("id=\"token-secret\"");
        String secret = issued.body().replaceAll("(?s).*id=\"token-secret\">([^<]+)<.*", "$1");
        assertThat(json(new Api(port, secret).get("/api/me")).path("username").asString()).isEqualTo(username);

        var again = s.get("/account");
        assertThat(again.body()).contains("laptop").doesNotContain(secret);
        long id = jdbc.sql("select t.id from api_token t join app_user u on u.id = t.user_id where u.username = ?")
                .param(username).query(Long.class).single();
        var revoked = s.postForm("/account/tokens/" + id + "/revoke", Map.of());
        assertThat(s.follow(revoked).body()).contains("Revoked token &#39;laptop&#39;");
        assertThat(new Api(port, secret).get("/api/me").statusCode()).isEqualTo(401);

        var bad = s.postForm("/account/tokens", Map.of("name", "", "days", "10"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"field-error\"");
    }

    @Test
    void the_admin_tokens_page_lists_tokens_and_issues_one_for_a_user() {
        var user = createUser(port, uniqueName("tokp"), "coder");
        PageSession admin = PageSession.login(port, "admin");
        assertThat(admin.get("/admin/tokens").body()).contains("Issue a token");
        var issued = admin.postForm("/admin/tokens", Map.of("userId", user.path("id").asString(), "name", "feed",
                "days", "3"));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("id=\"token-secret\"").contains(user.path("username").asString());
        assertThat(admin.get("/admin/tokens").body()).contains("feed");
        assertThat(PageSession.login(port, "coder").get("/admin/tokens").statusCode()).isEqualTo(403);
    }
}
