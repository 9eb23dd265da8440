package org.chartkeeper.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.audit.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class WorkQueueEngineTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WorkQueueService queues;

    @Autowired
    JdbcClient jdbc;

    /** A fresh queue whose pool is {@code role}, so that tests never see each other's items. */
    private String newQueue(String role) {
        String code = "test-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("insert into work_item_type (code, name, description, default_pool_role, default_due_hours)"
                        + " values (?, ?, 'A queue made by a test', ?, 24)")
                .params(code, "Test queue " + code, role).update();
        return code;
    }

    private WorkItem create(String type, long patientId, String title, int priority, Instant due) {
        return queues.create(new NewWorkItem(type, "Patient", patientId, patientId, title, null, priority, due, null),
                Actor.system("test"));
    }

    private long patientId() {
        return jdbc.sql("select min(id) from patient").query(Long.class).single();
    }

    private long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private List<String> history(long itemId) {
        return jdbc.sql("select action from work_item_history where work_item_id = ? order by id").param(itemId)
                .query(String.class).list();
    }

    @Test
    void a_new_item_gets_the_types_pool_and_due_time_and_a_created_history_entry() {
        String type = newQueue("him");
        Instant before = Instant.now();
        WorkItem item = queues.create(NewWorkItem.of(type, "Document", 7L, patientId(), "Scan needs indexing", null),
                Actor.system("test"));
        assertThat(item.status()).isEqualTo(WorkItemStatus.OPEN);
        assertThat(item.poolRole()).isEqualTo("him");
        assertThat(item.priority()).isEqualTo(3);
        assertThat(item.dueAt()).isBetween(before.plus(Duration.ofHours(24)).minusSeconds(1),
                Instant.now().plus(Duration.ofHours(24)).plusSeconds(1));
        assertThat(history(item.id())).containsExactly("created");
    }

    @Test
    void claim_then_complete_moves_the_item_to_done_and_writes_who_did_what() {
        String type = newQueue("him");
        WorkItem item = create(type, patientId(), "Chart needs analysis", 3, null);
        Api him = Api.as(port, "him");

        var listed = json(him.get("/api/work-items?type=" + type));
        assertThat(listed.get("items")).hasSize(1);
        assertThat(listed.get("items").get(0).get("id").asLong()).isEqualTo(item.id());

        var claimed = him.post("/api/work-items/" + item.id() + "/claim", "{\"version\":0}");
        assertThat(claimed.statusCode()).isEqualTo(200);
        JsonNode c = json(claimed).get("item");
        assertThat(c.get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(c.get("assigneeId").asLong()).isEqualTo(userId("him"));
        assertThat(c.get("version").asInt()).isEqualTo(1);

        var noResolution = him.post("/api/work-items/" + item.id() + "/complete", "{\"version\":1,\"resolution\":\" \"}");
        assertThat(noResolution.statusCode()).isEqualTo(400);
        assertThat(noResolution.body()).contains("resolution");

        var done = him.post("/api/work-items/" + item.id() + "/complete",
                "{\"version\":1,\"resolution\":\"Analysed; no deficiencies\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode d = json(done);
        assertThat(d.get("item").get("status").asString()).isEqualTo("DONE");
        assertThat(d.get("item").get("completedAt").isNull()).isFalse();
        assertThat(d.get("item").get("resolution").asString()).isEqualTo("Analysed; no deficiencies");
        assertThat(history(item.id())).containsExactly("created", "claimed", "completed");
        var last = jdbc.sql("select h.from_status, h.to_status, u.username, h.note from work_item_history h"
                        + " join app_user u on u.id = h.actor_id where h.work_item_id = ? order by h.id desc limit 1")
                .param(item.id()).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single();
        assertThat(last).containsExactly("IN_PROGRESS", "DONE", "him", "Analysed; no deficiencies");

        var again = him.post("/api/work-items/" + item.id() + "/complete", "{\"version\":2,\"resolution\":\"twice\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("already done");
    }

    @Test
    void a_stale_version_is_refused_with_409_and_changes_nothing() {
        String type = newQueue("him");
        WorkItem item = create(type, patientId(), "Stale test", 3, null);
        var r = Api.as(port, "him").post("/api/work-items/" + item.id() + "/claim", "{\"version\":5}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(json(r).get("status").asInt()).isEqualTo(409);
        var row = jdbc.sql("select status, assignee_id, version from work_item where id = ?").param(item.id())
                .query((rs, n) -> rs.getString(1) + "/" + rs.getObject(2) + "/" + rs.getInt(3)).single();
        assertThat(row).isEqualTo("OPEN/null/0");
        assertThat(history(item.id())).containsExactly("created");
    }

    @Test
    void nobody_claims_completes_or_releases_an_item_someone_else_holds() {
        String type = newQueue("physician");
        WorkItem item = create(type, patientId(), "Sign the discharge summary", 2, null);
        Api smith = Api.as(port, "drsmith");
        Api jones = Api.as(port, "drjones");
        assertThat(smith.post("/api/work-items/" + item.id() + "/claim", "{\"version\":0}").statusCode()).isEqualTo(200);

        var claim = jones.post("/api/work-items/" + item.id() + "/claim", "{\"version\":1}");
        assertThat(claim.statusCode()).isEqualTo(400);
        assertThat(claim.body()).contains("already claimed by Dr. Sarah Smith");
        var complete = jones.post("/api/work-items/" + item.id() + "/complete", "{\"version\":1,\"resolution\":\"signed\"}");
        assertThat(complete.statusCode()).isEqualTo(400);
        assertThat(complete.body()).contains("only they can complete it");
        var release = jones.post("/api/work-items/" + item.id() + "/release", "{\"version\":1}");
        assertThat(release.statusCode()).isEqualTo(400);
        assertThat(release.body()).contains("only they or a queue manager can release it");
        var complete2 = smith.post("/api/work-items/" + item.id() + "/claim", "{\"version\":1}");
        assertThat(complete2.body()).contains("already assigned to you");
        assertThat(history(item.id())).containsExactly("created", "claimed");
    }

    @Test
    void releasing_puts_the_item_back_in_the_pool_for_another_pool_member() {
        String type = newQueue("physician");
        WorkItem item = create(type, patientId(), "Answer the coding query", 3, null);
        Api smith = Api.as(port, "drsmith");
        smith.post("/api/work-items/" + item.id() + "/claim", "{\"version\":0}");
        var released = json(smith.post("/api/work-items/" + item.id() + "/release", "{\"version\":1}")).get("item");
        assertThat(released.get("status").asString()).isEqualTo("OPEN");
        assertThat(released.get("assigneeId").isNull()).isTrue();
        var jones = Api.as(port, "drjones").post("/api/work-items/" + item.id() + "/claim", "{\"version\":2}");
        assertThat(jones.statusCode()).isEqualTo(200);
        assertThat(json(jones).get("item").get("assigneeName").asString()).isEqualTo("Dr. Michael Jones");
        assertThat(history(item.id())).containsExactly("created", "claimed", "released", "claimed");
    }

    @Test
    void assigning_needs_workqueue_manage_and_an_assignee_who_holds_the_pool_role() {
        String physicianQueue = newQueue("physician");
        WorkItem physicianItem = create(physicianQueue, patientId(), "Physician item", 3, null);
        var refused = Api.as(port, "drsmith").post("/api/work-items/" + physicianItem.id() + "/assign",
                "{\"version\":0,\"userId\":" + userId("drjones") + "}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where username = 'drsmith' and outcome = 'DENIED'"
                        + " and resource_type = 'WorkItem' and resource_id = ?")
                .param(String.valueOf(physicianItem.id())).query(Long.class).single()).isEqualTo(1);

        String privacyQueue = newQueue("privacy");
        WorkItem item = create(privacyQueue, patientId(), "Privacy item", 3, null);
        Api privacy = Api.as(port, "privacy");
        var wrongRole = privacy.post("/api/work-items/" + item.id() + "/assign",
                "{\"version\":0,\"userId\":" + userId("him") + "}");
        assertThat(wrongRole.statusCode()).isEqualTo(400);
        assertThat(wrongRole.body()).contains("userId").contains("do not hold the queue's role 'privacy'");

        var assigned = privacy.post("/api/work-items/" + item.id() + "/assign",
                "{\"version\":0,\"userId\":" + userId("privacy") + "}");
        assertThat(assigned.statusCode()).isEqualTo(200);
        assertThat(json(assigned).get("item").get("status").asString()).isEqualTo("IN_PROGRESS");
        var notVisible = Api.as(port, "him").get("/api/work-items/" + item.id());
        assertThat(notVisible.statusCode()).isEqualTo(403);

        var cancelled = privacy.post("/api/work-items/" + item.id() + "/cancel", "{\"version\":1,\"note\":\"duplicate\"}");
        assertThat(json(cancelled).get("item").get("status").asString()).isEqualTo("CANCELLED");
        assertThat(history(item.id())).containsExactly("created", "assigned", "cancelled");
    }

    @Test
    void overdue_items_come_first_are_marked_overdue_and_the_list_view_is_audited() {
        String type = newQueue("coder");
        long patient = patientId();
        Instant now = Instant.now();
        WorkItem later = create(type, patient, "Urgent but not late", 1, now.plus(Duration.ofHours(5)).plusSeconds(120));
        WorkItem late = create(type, patient, "Late low-priority", 5, now.minus(Duration.ofHours(3)).minusSeconds(120));
        WorkItem soonLow = create(type, patient, "Soon, low", 4, now.plus(Duration.ofHours(1)));

        JsonNode items = json(Api.as(port, "coder").get("/api/work-items?type=" + type + "&status=open")).get("items");
        List<Long> order = new ArrayList<>();
        items.forEach(i -> order.add(i.get("id").asLong()));
        assertThat(order).containsExactly(late.id(), later.id(), soonLow.id());
        assertThat(items.get(0).get("overdue").asBoolean()).isTrue();
        assertThat(items.get(0).get("clock").asString()).isEqualTo("overdue by 3 h");
        assertThat(items.get(1).get("overdue").asBoolean()).isFalse();
        assertThat(items.get(1).get("clock").asString()).isEqualTo("due in 5 h");

        String viewsOfQueue = "select count(*) from audit_event where username = 'coder' and category = 'WORK_QUEUE'"
                + " and action = 'VIEW' and detail = ?";
        String shown = "queue " + type + "; patients shown: " + patient;
        long viewsBefore = jdbc.sql(viewsOfQueue).param(shown).query(Long.class).single();
        PageSession coder = PageSession.login(port, "coder");
        var page = coder.get("/queues/" + type);
        assertThat(page.statusCode()).isEqualTo(200);
        String lateRow = page.body().substring(page.body().indexOf("id=\"item-" + late.id() + "\""));
        assertThat(lateRow.substring(0, lateRow.indexOf("</tr>")))
                .contains("overdue-row").contains("class=\"clock overdue\"").contains("overdue by 3 h")
                .contains("Patient " + patient).contains("Claim");
        assertThat(jdbc.sql(viewsOfQueue).param(shown).query(Long.class).single())
                .as("one audit event per page view, naming the patient shown").isEqualTo(viewsBefore + 1);
    }

    @Test
    void the_home_page_shows_each_queue_with_its_counts_and_oldest_due_item() {
        String type = newQueue("roi");
        Instant now = Instant.now();
        create(type, patientId(), "Request 1 needs an authorization", 3, now.minus(Duration.ofHours(2)).minusSeconds(60));
        WorkItem mine = create(type, patientId(), "Request 2 ready to send", 3, now.plus(Duration.ofHours(10)));
        Api.as(port, "roi").post("/api/work-items/" + mine.id() + "/claim", "{\"version\":0}");
        create(type, patientId(), "Request 3 new", 3, now.plus(Duration.ofHours(30)));

        var home = PageSession.login(port, "roi").get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        String body = home.body();
        int at = body.indexOf("id=\"queue-" + type + "\"");
        assertThat(at).as("the queue's card is on the home page").isPositive();
        String card = body.substring(at, body.indexOf("Open queue", at));
        assertThat(card.replaceAll("\\s+", " "))
                .contains("<dt>Open</dt><dd class=\"stat\">3</dd>")
                .contains("<dt>Assigned to me</dt><dd class=\"stat\">1</dd>")
                .contains("<dt>Overdue</dt><dd class=\"stat overdue\">1</dd>")
                .contains("Request 1 needs an authorization")
                .contains("overdue by 2 h");
        assertThat(body).contains("Search patients"); // the role's quick links stay
    }

    @Test
    void the_pages_claim_and_complete_an_item_and_show_its_history() {
        String type = newQueue("him");
        WorkItem item = create(type, patientId(), "Index the scanned consent", 3, null);
        PageSession him = PageSession.login(port, "him");
        him.get("/queues/" + type);
        var claimed = him.postForm("/queues/items/" + item.id() + "/claim", Map.of("version", "0", "back", "list"));
        assertThat(claimed.statusCode()).isEqualTo(302);
        assertThat(claimed.headers().firstValue("Location").orElse("")).endsWith("/queues/" + type);
        var list = him.follow(claimed);
        assertThat(list.body()).contains("You have claimed work item " + item.id());

        var stale = him.postForm("/queues/items/" + item.id() + "/complete", Map.of("version", "0", "resolution", "x"));
        var staleShown = him.follow(stale);
        assertThat(staleShown.body()).contains("was changed by someone else");

        var done = him.postForm("/queues/items/" + item.id() + "/complete",
                Map.of("version", "1", "resolution", "Indexed to the 2024 admission"));
        var detail = him.follow(done);
        assertThat(detail.body()).contains("is done").contains("id=\"item-status\">Done<")
                .contains("Indexed to the 2024 admission").contains("claimed").contains("completed");
        assertThat(history(item.id())).containsExactly("created", "claimed", "completed");
    }

    @Test
    void bad_input_to_the_engine_is_named() {
        var unknownType = Api.as(port, "him").get("/api/work-items?type=no-such-queue");
        assertThat(unknownType.statusCode()).isEqualTo(404);
        var badStatus = Api.as(port, "him").get("/api/work-items?status=bogus");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status");
        var noVersion = Api.as(port, "him").post("/api/work-items/1/claim", "{}");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("version");
        var noSuchItem = Api.as(port, "him").post("/api/work-items/99999999/claim", "{\"version\":0}");
        assertThat(noSuchItem.statusCode()).isEqualTo(404);
    }
}
