package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.audit.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Through HTTP: a provider's queue fills when a draft is written and empties when it is signed (the record tells
 * completion after the commit); a waiver needs a reason and stays through later passes; the HIM views, the rules page
 * and the API answer with the right permissions, and every list of patients is audited.
 */
@IntegrationTest
class DeficiencyQueuesAndWaiversTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeficiencyService deficiencies;

    JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    long drsmithProvider() {
        return jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drsmith'")
                .query(Long.class).single();
    }

    long careEncounter() {
        return jdbc.sql("select e.id from encounter e join provider p on p.id = e.attending_provider_id join app_user u"
                + " on u.id = p.user_id join patient pt on pt.id = e.patient_id where u.username = 'drsmith'"
                + " and not pt.restricted and e.status <> 'cancelled' order by e.id limit 1").query(Long.class).single();
    }

    @Test
    void a_draft_opens_an_unsigned_deficiency_in_the_authors_queue_and_signing_it_resolves_it_by_itself() {
        long encounter = careEncounter();
        long patient = jdbc.sql("select patient_id from encounter where id = ?").param(encounter).query(Long.class).single();
        JsonNode draft = ok(Api.as(port, "drsmith").post("/api/patients/" + patient + "/documents",
                "{\"encounterId\":" + encounter + ",\"typeCode\":\"progress-note\",\"body\":\"Day 3. Improving.\"}"), 201);
        long doc = draft.get("id").asLong();

        JsonNode mine = ok(Api.as(port, "drsmith").get("/api/completion/deficiencies/mine"), 200);
        JsonNode item = null;
        for (JsonNode d : mine) if (d.get("documentId") != null && d.get("documentId").asLong() == doc) item = d;
        assertThat(item).as("the new draft is in drsmith's queue").isNotNull();
        assertThat(item.get("kind").asString()).isEqualTo("unsigned");
        assertThat(item.get("ruleCode").asString()).isEqualTo("authentication");
        assertThat(item.get("responsibleProviderId").asLong()).isEqualTo(drsmithProvider());
        long deficiencyId = item.get("id").asLong();

        // the page shows it with a Sign button on the record's own signing path
        PageSession page = PageSession.login(port, "drsmith");
        String queue = page.get("/completion/mine").body();
        assertThat(queue).contains("deficiency-" + deficiencyId).contains("/completion/mine/documents/" + doc + "/sign");
        var signed = page.postForm("/completion/mine/documents/" + doc + "/sign", Map.of("version", "0"));
        assertThat(signed.statusCode()).isEqualTo(302);
        assertThat(page.get("/completion/mine").body()).doesNotContain("deficiency-" + deficiencyId);

        JsonNode after = ok(Api.as(port, "him").get("/api/completion/deficiencies/" + deficiencyId), 200);
        assertThat(after.get("status").asString()).isEqualTo("resolved");
        assertThat(after.get("resolution").asString()).isEqualTo("completed");
        assertThat(jdbc.sql("select count(*) from audit_event where detail like 'own deficiency queue%'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void a_waiver_needs_a_reason_changes_nothing_without_one_and_stays_waived_through_later_passes() {
        CompletionFixtures f = CompletionFixtures.stay(jdbc, "INPATIENT", Instant.now().minus(Duration.ofDays(3)), null);
        deficiencies.analyzeEncounter(f.encounterId);
        CompletionFixtures.Row hp = f.deficiencies("hp-admission").getFirst();

        var refused = Api.as(port, "him").post("/api/completion/deficiencies/" + hp.id() + "/waive", "{\"version\":0,\"reason\":\" \"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"reason\"");
        assertThat(f.deficiencies("hp-admission").getFirst().status()).isEqualTo("open");
        var stale = Api.as(port, "him").post("/api/completion/deficiencies/" + hp.id() + "/waive", "{\"version\":7,\"reason\":\"x\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Api.as(port, "drsmith").post("/api/completion/deficiencies/" + hp.id() + "/waive",
                "{\"version\":0,\"reason\":\"mine\"}").statusCode()).as("a physician cannot waive").isEqualTo(403);

        JsonNode waived = ok(Api.as(port, "him").post("/api/completion/deficiencies/" + hp.id() + "/waive",
                "{\"version\":0,\"reason\":\"Patient left against medical advice before the H&P\"}"), 200);
        assertThat(waived.get("status").asString()).isEqualTo("waived");
        deficiencies.analyzeEncounter(f.encounterId);
        deficiencies.analyzeAll(Actor.system("test"));
        assertThat(f.deficiencies("hp-admission")).singleElement().extracting(CompletionFixtures.Row::status).isEqualTo("waived");
        assertThat(jdbc.sql("select count(*) from audit_event where resource_type = 'Deficiency' and resource_id = ?"
                + " and detail = 'deficiency waived' and outcome = 'SUCCESS'").param(String.valueOf(hp.id())).query(Long.class).single())
                .isEqualTo(1);

        // on the page: an empty reason is a form error next to the field
        PageSession page = PageSession.login(port, "him");
        CompletionFixtures g = CompletionFixtures.stay(jdbc, "INPATIENT", Instant.now().minus(Duration.ofDays(3)), null);
        deficiencies.analyzeEncounter(g.encounterId);
        long other = g.deficiencies("hp-admission").getFirst().id();
        page.get("/completion/deficiencies/" + other);
        var form = page.postForm("/completion/deficiencies/" + other + "/waive", Map.of("version", "0", "reason", ""));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("field-error").contains("Say why the deficiency is waived");
    }

    @Test
    void the_him_views_filter_by_provider_service_and_age_and_refuse_bad_filters() {
        long provider = drsmithProvider();
        JsonNode list = ok(Api.as(port, "him").get("/api/completion/deficiencies?providerId=" + provider + "&status=open"), 200);
        assertThat(list.size()).isPositive();
        for (JsonNode d : list) assertThat(d.get("responsibleProviderId").asLong()).isEqualTo(provider);
        // two stays without an H&P in two services: one due 39 days ago, one due 2 days ago
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        CompletionFixtures oldStay = CompletionFixtures.stay(jdbc, "INPATIENT", Instant.now().minus(Duration.ofDays(40)), null);
        CompletionFixtures newStay = CompletionFixtures.stay(jdbc, "INPATIENT", Instant.now().minus(Duration.ofDays(3)), null);
        jdbc.sql("update encounter set department = ? where id = ?").params("Old Service " + tag, oldStay.encounterId).update();
        jdbc.sql("update encounter set department = ? where id = ?").params("New Service " + tag, newStay.encounterId).update();
        deficiencies.analyzeEncounters(java.util.List.of(oldStay.encounterId, newStay.encounterId));
        long oldHp = oldStay.deficiencies("hp-admission").getFirst().id();
        long newHp = newStay.deficiencies("hp-admission").getFirst().id();

        JsonNode old = ok(Api.as(port, "him").get("/api/completion/deficiencies?age=over-30&status=any"), 200);
        Instant cut = Instant.now().minus(Duration.ofDays(31));
        assertThat(old.size()).as("at least the old stay's H&P").isPositive();
        for (JsonNode d : old) assertThat(Instant.parse(d.get("dueAt").asString())).isBefore(cut);
        assertThat(ids(ok(Api.as(port, "him").get("/api/completion/deficiencies?age=over-30&status=any&encounterId="
                + oldStay.encounterId), 200))).contains(oldHp);
        assertThat(ids(ok(Api.as(port, "him").get("/api/completion/deficiencies?age=over-30&status=any&encounterId="
                + newStay.encounterId), 200))).as("due 2 days ago, not over 30").isEmpty();
        JsonNode recent = ok(Api.as(port, "him").get("/api/completion/deficiencies?age=0-7&status=open&encounterId="
                + newStay.encounterId), 200);
        assertThat(ids(recent)).contains(newHp).doesNotContain(oldHp);
        assertThat(ids(ok(Api.as(port, "him").get("/api/completion/deficiencies?age=0-7&status=open&encounterId="
                + oldStay.encounterId), 200))).as("due 39 days ago, not in 0-7").isEmpty();
        var bad = Api.as(port, "him").get("/api/completion/deficiencies?age=forever");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"age\"");
        JsonNode byProvider = ok(Api.as(port, "him").get("/api/completion/summary?by=provider"), 200);
        assertThat(byProvider.size()).isPositive();
        assertThat(Api.as(port, "drsmith").get("/api/completion/deficiencies").statusCode()).isEqualTo(403);

        PageSession page = PageSession.login(port, "him");
        var html = page.get("/completion/deficiencies?department=New+Service+" + tag + "&age=0-7");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("id=\"by-provider\"").contains("id=\"by-department\"");
        assertThat(html.body()).contains("id=\"deficiency-" + newHp + "\"").doesNotContain("id=\"deficiency-" + oldHp + "\"");
        var oldService = page.get("/completion/deficiencies?department=Old+Service+" + tag).body();
        assertThat(oldService).contains("id=\"deficiency-" + oldHp + "\"").doesNotContain("id=\"deficiency-" + newHp + "\"");
        assertThat(page.get("/completion/deficiencies?department=Old+Service+" + tag + "&age=0-7").body())
                .as("the old service's only deficiency is over 30 days").doesNotContain("id=\"deficiency-" + oldHp + "\"");
        assertThat(page.get("/completion/suspensions").statusCode()).isEqualTo(200);
        assertThat(page.get("/completion/notices").statusCode()).isEqualTo(200);
        assertThat(PageSession.login(port, "drsmith").get("/completion/deficiencies").statusCode()).isEqualTo(403);
    }

    @Test
    void the_director_edits_a_rule_window_and_the_next_pass_applies_it() {
        Instant admit = Instant.now().minus(Duration.ofDays(6));
        CompletionFixtures f = CompletionFixtures.stay(jdbc, "INPATIENT", admit, null);
        f.document("verbal-order", admit.plus(Duration.ofHours(1)), admit.plus(Duration.ofHours(31)), null);
        deficiencies.analyzeEncounter(f.encounterId);
        assertThat(f.deficiencies("verbal-order")).as("signed at 30 h, inside 48 h").isEmpty();

        JsonNode rule = null;
        for (JsonNode r : ok(Api.as(port, "director").get("/api/completion/rules"), 200)) {
            if (r.get("code").asString().equals("verbal-order")) rule = r;
        }
        int version = rule.get("version").asInt();
        assertThat(Api.as(port, "him").put("/api/completion/rules/verbal-order",
                "{\"version\":" + version + ",\"windowMinutes\":1440}").statusCode()).isEqualTo(403);
        var bad = Api.as(port, "director").put("/api/completion/rules/verbal-order", "{\"version\":" + version + ",\"windowMinutes\":-5}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"windowMinutes\"");
        try {
            JsonNode changed = ok(Api.as(port, "director").put("/api/completion/rules/verbal-order",
                    "{\"version\":" + version + ",\"windowMinutes\":1440}"), 200);
            assertThat(changed.get("windowMinutes").asInt()).isEqualTo(1440);
            assertThat(Api.as(port, "director").put("/api/completion/rules/verbal-order",
                    "{\"version\":" + version + ",\"windowMinutes\":720}").statusCode()).as("stale").isEqualTo(409);
            deficiencies.analyzeEncounter(f.encounterId);
            assertThat(f.deficiencies("verbal-order")).singleElement().extracting(CompletionFixtures.Row::kind).isEqualTo("late");
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and resource_type = 'DeficiencyRule'"
                    + " and resource_id = 'verbal-order' and outcome = 'SUCCESS'").query(Long.class).single()).isPositive();
        } finally {
            jdbc.sql("update deficiency_rule set window_minutes = 2880 where code = 'verbal-order'").update();
        }
        PageSession page = PageSession.login(port, "director");
        assertThat(page.get("/completion/rules").body()).contains("rule-hp-admission").contains("stage-suspension");
    }

    @Test
    void the_analysis_runs_on_demand_through_the_api_for_him_only() {
        JsonNode r = ok(Api.as(port, "him").post("/api/completion/analysis", "{}"), 200);
        assertThat(r.get("rules").asInt()).isEqualTo(8);
        assertThat(r.get("opened").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(Api.as(port, "drsmith").post("/api/completion/analysis", "{}").statusCode()).isEqualTo(403);
        var surgical = Api.as(port, "him").post("/api/completion/surgical-cases", "{\"encounterId\":" + careEncounter()
                + ",\"surgeonProviderId\":" + drsmithProvider() + ",\"procedure\":\"\",\"startedAt\":\"2026-01-01T10:00:00Z\","
                + "\"endedAt\":\"2026-01-01T11:00:00Z\"}");
        assertThat(surgical.statusCode()).isEqualTo(400);
        assertThat(surgical.body()).contains("\"field\":\"procedure\"");
    }

    static java.util.List<Long> ids(JsonNode list) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (JsonNode d : list) ids.add(d.get("id").asLong());
        return ids;
    }
}
