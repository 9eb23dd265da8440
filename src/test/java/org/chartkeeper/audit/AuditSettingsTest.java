package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class AuditSettingsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = AuditSettingsService.GRANT_MINUTES;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditSettingsService settings;

    private JsonNode setting(String key) {
        var r = Api.as(port, "privacy").get("/api/audit/settings");
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode s : JSON.readTree(r.body())) {
            if (s.path("key").asString().equals(key)) return s;
        }
        throw new AssertionError("no setting " + key + " in " + r.body());
    }

    private java.net.http.HttpResponse<String> put(String user, String key, String value, int version) {
        return Api.as(port, user).put("/api/audit/settings",
                "{\"key\":\"" + key + "\",\"value\":\"" + value + "\",\"version\":" + version + "}");
    }

    @Test
    void the_privacy_officer_changes_the_break_glass_duration_and_the_change_is_audited_with_old_and_new_value() {
        JsonNode before = setting(KEY);
        String old = before.path("value").asString();
        String changed = String.valueOf(Integer.parseInt(old) == 60 ? 61 : 60);
        var r = put("privacy", KEY, changed, before.path("version").asInt());
        try {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(settings.intValue(KEY)).isEqualTo(Integer.parseInt(changed));
            assertThat(JSON.readTree(r.body()).path("updatedBy").asString()).isEqualTo("privacy");
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and username = 'privacy'"
                            + " and resource_type = 'Setting' and resource_id = ? and detail = ?")
                    .params(KEY, KEY + ": " + old + " -> " + changed).query(Long.class).single()).isEqualTo(1);
        } finally {
            assertThat(put("privacy", KEY, old, setting(KEY).path("version").asInt()).statusCode()).isEqualTo(200);
        }
    }

    /** The setting is kept in memory for every search: a change must still apply to the very next search. */
    @Test
    void turning_search_criteria_recording_off_and_on_applies_to_the_next_search_at_once() {
        String key = AuditSettingsService.RECORD_SEARCHES;
        boolean original = settings.recordSearches(); // now cached
        try {
            for (boolean value : new boolean[] {!original, original}) {
                var r = put("privacy", key, String.valueOf(value), setting(key).path("version").asInt());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(settings.recordSearches()).as("cache dropped by the change").isEqualTo(value);
                String family = "Zzcache" + value + System.nanoTime();
                var search = Api.as(port, "him").post("/api/patients/search", "{\"name\":\"" + family + "\"}");
                assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
                String detail = jdbc.sql("select detail from audit_event where action = 'SEARCH' and username = 'him'"
                        + " order by seq desc limit 1").query(String.class).single();
                if (value) {
                    assertThat(detail).startsWith("criteria: name; ");
                } else {
                    assertThat(detail).doesNotContain("criteria").endsWith("0 result(s)");
                }
            }
        } finally {
            if (settings.recordSearches() != original) {
                put("privacy", key, String.valueOf(original), setting(key).path("version").asInt());
            }
        }
    }

    @Test
    void a_stale_change_leaves_the_cached_search_setting_as_it_was() {
        String key = AuditSettingsService.RECORD_SEARCHES;
        boolean original = settings.recordSearches();
        int version = setting(key).path("version").asInt();
        var r = put("privacy", key, String.valueOf(!original), version - 1 < 0 ? version + 5 : version - 1);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(settings.recordSearches()).isEqualTo(original);
    }

    @Test
    void a_user_without_audit_settings_gets_403_and_nothing_changes() {
        JsonNode before = setting(KEY);
        var r = put("him", KEY, "30", before.path("version").asInt());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"status\":403");
        assertThat(Api.as(port, "him").get("/api/audit/settings").statusCode()).isEqualTo(403);
        assertThat(setting(KEY).path("version").asInt()).isEqualTo(before.path("version").asInt());
    }

    @Test
    void invalid_values_are_refused_with_400_naming_the_value() {
        JsonNode before = setting(KEY);
        for (String bad : new String[] {"abc", "0", "99999", "-5", ""}) {
            var r = put("privacy", KEY, bad, before.path("version").asInt());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("errors").path(0).path("field").asString()).isEqualTo("value");
        }
        var flag = put("privacy", AuditSettingsService.RECORD_SEARCHES, "maybe",
                setting(AuditSettingsService.RECORD_SEARCHES).path("version").asInt());
        assertThat(flag.statusCode()).isEqualTo(400);
        var retention = put("privacy", AuditSettingsService.RETENTION_YEARS, "2",
                setting(AuditSettingsService.RETENTION_YEARS).path("version").asInt());
        assertThat(retention.statusCode()).as("below the six years HIPAA asks").isEqualTo(400);
        var unknown = put("privacy", "audit.enabled", "false", 0);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"key\"");
        assertThat(setting(KEY).path("version").asInt()).isEqualTo(before.path("version").asInt());
    }

    @Test
    void a_stale_setting_change_is_refused_with_409() {
        JsonNode before = setting(KEY);
        var r = put("privacy", KEY, before.path("value").asString(), before.path("version").asInt() + 5);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(setting(KEY).path("version").asInt()).isEqualTo(before.path("version").asInt());
    }

    @Test
    void the_settings_page_says_logging_is_always_on_and_shows_errors_beside_the_setting() {
        PageSession privacy = PageSession.login(port, "privacy");
        var page = privacy.get("/admin/audit-settings");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"logging-always-on\"").contains("Emergency access duration");

        JsonNode before = setting(AuditSettingsService.REVIEW_DUE_HOURS);
        var bad = privacy.postForm("/admin/audit-settings", Map.of("key", AuditSettingsService.REVIEW_DUE_HOURS,
                "value", "100000", "version", before.path("version").asString()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"field-error\"").contains("must be from 1 to 720 hours");

        var ok = privacy.postForm("/admin/audit-settings", Map.of("key", AuditSettingsService.REVIEW_DUE_HOURS,
                "value", before.path("value").asString(), "version", before.path("version").asString()));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(privacy.follow(ok).body()).contains("Emergency access review due is now");

        assertThat(PageSession.login(port, "him").get("/admin/audit-settings").statusCode()).isEqualTo(403);
    }
}
