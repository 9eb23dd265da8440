package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.security.CurrentUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class BreakGlassTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String REASON = "Patient unconscious in the ED; need allergy history now";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessGate gate;

    private long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    /** An unrestricted patient drsmith has never attended and has no grant for, picked by an offset so tests differ. */
    private long patientNotInCareOfDrSmith(int offset) {
        return jdbc.sql("select p.id from patient p where p.restricted = false and not exists (select 1 from encounter e"
                        + " join provider pr on pr.id = e.attending_provider_id where e.patient_id = p.id and pr.user_id = ?)"
                        + " and not exists (select 1 from break_glass_grant g where g.patient_id = p.id)"
                        + " order by p.id limit 1 offset ?")
                .params(userId("drsmith"), offset).query(Long.class).single();
    }

    private boolean drSmithCanOpen(long patientId) {
        var user = new CurrentUser(userId("drsmith"), "drsmith", "Dr. Sarah Smith", Set.of("physician"), true, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, java.util.List.of()));
        try {
            return gate.canOpen(patientId);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void emergency_access_opens_the_chart_records_the_reason_and_lands_in_the_privacy_review_queue() {
        long patient = patientNotInCareOfDrSmith(0);
        assertThat(drSmithCanOpen(patient)).as("refused before breaking the glass").isFalse();

        Instant before = Instant.now();
        var r = Api.as(port, "drsmith").post("/api/break-glass", "{\"patientId\":" + patient + ",\"reason\":\"" + REASON + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode grant = JSON.readTree(r.body());
        long grantId = grant.get("id").asLong();
        long reviewItem = grant.get("reviewItemId").asLong();
        assertThat(Instant.parse(grant.get("expiresAt").asString()))
                .isBetween(before.plus(Duration.ofMinutes(240)).minusSeconds(2), Instant.now().plus(Duration.ofMinutes(240)));

        assertThat(drSmithCanOpen(patient)).as("opens while the grant lasts").isTrue();
        assertThat(count("select count(*) from break_glass_grant where id = ? and user_id = ? and patient_id = ? and reason = ?"
                + " and audit_seq is not null", grantId, userId("drsmith"), patient, REASON)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'EMERGENCY_ACCESS' and outcome = 'SUCCESS'"
                + " and category = 'DEMOGRAPHICS' and username = 'drsmith' and patient_id = ? and reason = ?"
                + " and resource_type = 'BreakGlassGrant' and resource_id = ?", patient, REASON, String.valueOf(grantId)))
                .isEqualTo(1);

        Api privacy = Api.as(port, "privacy");
        JsonNode items = JSON.readTree(privacy.get("/api/work-items?type=breakglass-review").body()).get("items");
        JsonNode item = null;
        for (JsonNode i : items) if (i.get("id").asLong() == reviewItem) item = i;
        assertThat(item).as("the review item is in the privacy queue").isNotNull();
        assertThat(item.get("patientId").asLong()).isEqualTo(patient);
        assertThat(item.get("subjectType").asString()).isEqualTo("BreakGlassGrant");
        assertThat(item.get("subjectId").asLong()).isEqualTo(grantId);
        assertThat(item.get("poolRole").asString()).isEqualTo("privacy");
        assertThat(item.get("detail").asString()).contains("drsmith").contains(REASON);
        assertThat(item.get("title").asString()).doesNotContain(patientName(patient));
        assertThat(Instant.parse(item.get("dueAt").asString()))
                .isBetween(before.plus(Duration.ofHours(72)).minusSeconds(2), Instant.now().plus(Duration.ofHours(72)));

        var notForPhysicians = Api.as(port, "drsmith").get("/api/work-items/" + reviewItem);
        assertThat(notForPhysicians.statusCode()).isEqualTo(403);
    }

    @Test
    void the_privacy_officer_completes_a_review_only_with_a_decision_and_the_decision_is_audited() {
        long patient = patientNotInCareOfDrSmith(1);
        JsonNode grant = JSON.readTree(Api.as(port, "drsmith").post("/api/break-glass",
                "{\"patientId\":" + patient + ",\"reason\":\"" + REASON + "\"}").body());
        long item = grant.get("reviewItemId").asLong();
        long grantId = grant.get("id").asLong();
        Api privacy = Api.as(port, "privacy");
        assertThat(privacy.post("/api/work-items/" + item + "/claim", "{\"version\":0}").statusCode()).isEqualTo(200);

        var noDecision = privacy.post("/api/work-items/" + item + "/complete", "{\"version\":1,\"resolution\":\"Checked\"}");
        assertThat(noDecision.statusCode()).isEqualTo(400);
        assertThat(noDecision.body()).contains("outcome").contains("appropriate").contains("refer-for-investigation");
        var badDecision = privacy.post("/api/work-items/" + item + "/complete",
                "{\"version\":1,\"resolution\":\"Checked\",\"outcome\":\"fine\"}");
        assertThat(badDecision.statusCode()).isEqualTo(400);

        var page = PageSession.login(port, "privacy").get("/queues/items/" + item);
        assertThat(page.body()).contains("Refer for investigation").contains(REASON);

        var done = privacy.post("/api/work-items/" + item + "/complete",
                "{\"version\":1,\"resolution\":\"ED record confirms the patient was treated by drsmith\",\"outcome\":\"Refer for investigation\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode d = JSON.readTree(done.body()).get("item");
        assertThat(d.get("status").asString()).isEqualTo("DONE");
        assertThat(d.get("outcome").asString()).isEqualTo("refer-for-investigation");
        assertThat(count("select count(*) from work_item_history where work_item_id = ? and action = 'completed'"
                + " and note like 'Refer for investigation: ED record%'", item)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'UPDATE' and category = 'AUDIT_TRAIL'"
                + " and resource_type = 'BreakGlassGrant' and resource_id = ? and username = 'privacy'"
                + " and outcome = 'SUCCESS' and detail like '%Refer for investigation'", String.valueOf(grantId)))
                .isEqualTo(1);
    }

    @Test
    void a_missing_or_short_reason_is_refused_with_400_and_nothing_is_written() {
        long patient = patientNotInCareOfDrSmith(2);
        long grants = count("select count(*) from break_glass_grant");
        long events = count("select count(*) from audit_event where action = 'EMERGENCY_ACCESS'");
        long items = count("select count(*) from work_item where item_type = 'breakglass-review'");
        Api smith = Api.as(port, "drsmith");

        var shortReason = smith.post("/api/break-glass", "{\"patientId\":" + patient + ",\"reason\":\"urgent\"}");
        assertThat(shortReason.statusCode()).isEqualTo(400);
        assertThat(shortReason.body()).contains("\"field\":\"reason\"").contains("10 to 1000");
        var noReason = smith.post("/api/break-glass", "{\"patientId\":" + patient + "}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        var tooLong = smith.post("/api/break-glass", "{\"patientId\":" + patient + ",\"reason\":\"" + "x".repeat(1001) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        var noPatient = smith.post("/api/break-glass", "{\"reason\":\"" + REASON + "\"}");
        assertThat(noPatient.statusCode()).isEqualTo(400);

        assertThat(count("select count(*) from break_glass_grant")).isEqualTo(grants);
        assertThat(count("select count(*) from audit_event where action = 'EMERGENCY_ACCESS'")).isEqualTo(events);
        assertThat(count("select count(*) from work_item where item_type = 'breakglass-review'")).isEqualTo(items);
        assertThat(drSmithCanOpen(patient)).isFalse();
    }

    @Test
    void emergency_access_to_a_patient_who_does_not_exist_is_404() {
        var r = Api.as(port, "drsmith").post("/api/break-glass", "{\"patientId\":987654321,\"reason\":\"" + REASON + "\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(count("select count(*) from break_glass_grant where patient_id = 987654321")).isZero();
    }

    @Test
    void a_user_without_breakglass_use_is_refused_403_and_the_refusal_is_audited() {
        long patient = patientNotInCareOfDrSmith(3);
        long before = count("select count(*) from audit_event where username = 'auditor' and outcome = 'DENIED'"
                + " and resource_id = 'POST /api/break-glass'");
        var r = Api.as(port, "auditor").post("/api/break-glass", "{\"patientId\":" + patient + ",\"reason\":\"" + REASON + "\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(count("select count(*) from audit_event where username = 'auditor' and outcome = 'DENIED'"
                + " and resource_id = 'POST /api/break-glass'")).isEqualTo(before + 1);
        assertThat(count("select count(*) from break_glass_grant where user_id = ?", userId("auditor"))).isZero();
    }

    @Test
    void the_refused_page_form_grants_access_and_opens_the_chart_or_shows_the_reason_error() {
        long patient = patientNotInCareOfDrSmith(4);
        PageSession smith = PageSession.login(port, "drsmith");
        smith.get("/");
        var tooShort = smith.postForm("/break-glass", Map.of("patientId", String.valueOf(patient), "reason", "now"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("id=\"break-glass-form\"").contains("10 to 1000 characters");
        assertThat(drSmithCanOpen(patient)).isFalse();

        var granted = smith.postForm("/break-glass", Map.of("patientId", String.valueOf(patient), "reason", REASON));
        assertThat(granted.statusCode()).isEqualTo(302);
        assertThat(granted.headers().firstValue("Location").orElse("")).endsWith("/patients/" + patient);
        assertThat(drSmithCanOpen(patient)).isTrue();
        assertThat(count("select count(*) from audit_event where action = 'EMERGENCY_ACCESS' and patient_id = ?"
                + " and username = 'drsmith' and reason = ?", patient, REASON)).isEqualTo(1);
    }

    private String patientName(long id) {
        return jdbc.sql("select family_name from patient where id = ?").param(id).query(String.class).single();
    }
}
