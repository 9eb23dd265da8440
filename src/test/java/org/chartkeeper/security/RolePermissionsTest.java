package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chartkeeper.security.AdminFixtures.field;
import static org.chartkeeper.security.AdminFixtures.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class RolePermissionsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private JsonNode role(String code) {
        var r = Api.as(port, "admin").get("/api/admin/roles/" + code);
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r);
    }

    private static List<String> permissions(JsonNode role) {
        List<String> list = new ArrayList<>();
        role.path("permissions").forEach(p -> list.add(p.asString()));
        return list;
    }

    private static String body(List<String> permissions, int version) {
        return "{\"permissions\":[" + permissions.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","))
                + "],\"version\":" + version + "}";
    }

    private long auditRows(String detailLike) {
        return jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and resource_type = 'Role'"
                + " and detail like ?").param(detailLike).query(Long.class).single();
    }

    @Test
    void a_permission_granted_to_a_role_takes_effect_at_once_and_is_audited_and_so_does_its_removal() {
        var auditor = Api.as(port, "auditor");
        assertThat(auditor.get("/api/admin/users").statusCode()).isEqualTo(403);

        JsonNode before = role("auditor");
        List<String> original = permissions(before);
        assertThat(original).doesNotContain("admin.users");
        List<String> granted = new ArrayList<>(original);
        granted.add("admin.users");
        long rowsBefore = auditRows("permissions of role auditor: added [admin.users]%");

        var put = Api.as(port, "admin").put("/api/admin/roles/auditor/permissions",
                body(granted, before.path("version").asInt()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        try {
            assertThat(auditor.get("/api/admin/users").statusCode()).isEqualTo(200);
            assertThat(auditRows("permissions of role auditor: added [admin.users]%")).isEqualTo(rowsBefore + 1);
        } finally {
            var restore = Api.as(port, "admin").put("/api/admin/roles/auditor/permissions",
                    body(original, json(put).path("version").asInt()));
            assertThat(restore.statusCode()).as(restore.body()).isEqualTo(200);
        }
        assertThat(auditor.get("/api/admin/users").statusCode()).isEqualTo(403);
        assertThat(permissions(role("auditor"))).containsExactlyInAnyOrderElementsOf(original);
    }

    @Test
    void a_stale_role_edit_is_refused_with_409_and_changes_nothing() {
        JsonNode before = role("director");
        int version = before.path("version").asInt();
        var r = Api.as(port, "admin").put("/api/admin/roles/director/permissions",
                body(List.of("audit.read"), version - 1));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("\"status\":409");
        JsonNode after = role("director");
        assertThat(after.path("version").asInt()).isEqualTo(version);
        assertThat(permissions(after)).isEqualTo(permissions(before));
    }

    @Test
    void an_unknown_permission_is_refused_with_400_naming_permissions() {
        JsonNode before = role("coder");
        var r = Api.as(port, "admin").put("/api/admin/roles/coder/permissions",
                body(List.of("patient.read", "launch.missiles"), before.path("version").asInt()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("permissions");
        assertThat(role("coder").path("version").asInt()).isEqualTo(before.path("version").asInt());
    }

    @Test
    void a_change_that_would_leave_nobody_able_to_edit_roles_is_refused_and_changes_nothing() {
        JsonNode before = role("admin");
        List<String> without = new ArrayList<>(permissions(before));
        without.remove("admin.roles");
        var r = Api.as(port, "admin").put("/api/admin/roles/admin/permissions",
                body(without, before.path("version").asInt()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("permissions");
        JsonNode after = role("admin");
        assertThat(permissions(after)).contains("admin.roles");
        assertThat(after.path("version").asInt()).isEqualTo(before.path("version").asInt());
        assertThat(Api.as(port, "admin").get("/api/admin/roles").statusCode()).isEqualTo(200);
    }

    @Test
    void an_unknown_role_is_404_and_a_role_edit_without_admin_roles_is_403() {
        assertThat(Api.as(port, "admin").put("/api/admin/roles/wizard/permissions", body(List.of(), 0)).statusCode())
                .isEqualTo(404);
        assertThat(Api.as(port, "privacy").put("/api/admin/roles/coder/permissions", body(List.of(), 0)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void the_roles_page_shows_the_matrix_saves_one_role_and_toggles_its_second_factor() {
        PageSession admin = PageSession.login(port, "admin");
        var page = admin.get("/admin/roles");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"role-matrix\"").contains("form=\"role-auditor\"")
                .contains("id=\"perm-auditor-audit.read\"");

        JsonNode auditor = role("auditor");
        List<String> original = permissions(auditor);
        boolean originalMfa = auditor.path("mfaRequired").asBoolean();
        try {
            var saved = admin.postForm("/admin/roles/auditor/permissions", Map.of("permissions", "audit.read",
                    "version", String.valueOf(auditor.path("version").asInt())));
            assertThat(saved.statusCode()).isEqualTo(302);
            assertThat(admin.follow(saved).body()).contains("Saved the permissions of Auditor");
            JsonNode changed = role("auditor");
            assertThat(permissions(changed)).containsExactly("audit.read");

            var mfa = admin.postForm("/admin/roles/auditor/mfa", Map.of("mfaRequired", String.valueOf(!originalMfa),
                    "version", String.valueOf(changed.path("version").asInt())));
            assertThat(mfa.statusCode()).isEqualTo(302);
            assertThat(admin.follow(mfa).body()).contains("two-step sign-in");
            assertThat(role("auditor").path("mfaRequired").asBoolean()).isEqualTo(!originalMfa);
            assertThat(auditRows("second factor for role auditor: %")).isGreaterThanOrEqualTo(1);

            var stale = admin.postForm("/admin/roles/auditor/mfa", Map.of("mfaRequired", String.valueOf(originalMfa),
                    "version", String.valueOf(changed.path("version").asInt())));
            assertThat(admin.follow(stale).body()).contains("was changed by someone else");
            assertThat(role("auditor").path("mfaRequired").asBoolean()).isEqualTo(!originalMfa);
        } finally {
            var api = Api.as(port, "admin");
            assertThat(api.put("/api/admin/roles/auditor/mfa-required", "{\"mfaRequired\":" + originalMfa
                    + ",\"version\":" + role("auditor").path("version").asInt() + "}").statusCode()).isEqualTo(200);
            assertThat(api.put("/api/admin/roles/auditor/permissions",
                    body(original, role("auditor").path("version").asInt())).statusCode()).isEqualTo(200);
        }
        assertThat(permissions(role("auditor"))).containsExactlyInAnyOrderElementsOf(original);
    }
}
