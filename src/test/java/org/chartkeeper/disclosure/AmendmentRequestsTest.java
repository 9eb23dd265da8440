package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * A patient's request to amend (45 CFR 164.526) end to end: routed to the author's own queue, accepted as a signed
 * amendment linked to the original (and shown in the chart), denied only for a permitted reason with a denial letter
 * stating the patient's rights, the statement of disagreement and rebuttal linked and returned for later releases.
 */
@IntegrationTest
class AmendmentRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** A signed document Dr. Jones wrote, about a patient he attended (so the chart is in his care). */
    private Map<String, Long> joneseDocument(int offset) {
        return jdbc.sql("select d.id, d.patient_id from document d join provider p on p.id = d.author_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = d.patient_id"
                        + " where u.username = 'drjones' and d.status = 'signed' and d.parent_id is null"
                        + " and not pt.restricted and d.id not in (select document_id from amendment_request)"
                        + " and exists (select 1 from encounter e where e.patient_id = d.patient_id"
                        + " and e.attending_provider_id = p.id) order by d.id offset " + offset + " rows fetch first 1 rows only")
                .query((rs, n) -> Map.of("document", rs.getLong(1), "patient", rs.getLong(2))).single();
    }

    private JsonNode intake(Map<String, Long> doc, String received) {
        var r = Api.as(port, "roi").post("/api/roi/amendments", "{\"patientId\": " + doc.get("patient")
                + ", \"documentId\": " + doc.get("document") + ", \"receivedOn\": \"" + received + "\","
                + " \"requestedBy\": \"The patient\", \"whatIsWrong\": \"The note says I smoke; I never have.\","
                + " \"proposedChange\": \"Record me as a lifelong non-smoker.\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void a_request_goes_to_the_authors_own_queue_due_in_60_days_and_the_author_accepts_it_into_the_chart() throws Exception {
        var doc = joneseDocument(0);
        JsonNode a = intake(doc, today().minusDays(5).toString());
        long id = a.get("request").get("id").asLong();
        assertThat(a.get("status").asString()).isEqualTo("pending");
        assertThat(a.get("request").get("dueOn").asString()).isEqualTo(today().minusDays(5).plusDays(60).toString());
        // the work item is assigned to Dr. Jones, due at the end of the deadline day
        var item = jdbc.sql("select w.status, u.username, w.item_type from work_item w join app_user u on u.id = w.assignee_id"
                        + " where w.id = ?").param(a.get("request").get("workItemId").asLong())
                .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3)).single();
        assertThat(item).isEqualTo("IN_PROGRESS/drjones/amendment-review");

        // another physician may not decide it; the ROI specialist has no amendment.decide at all
        var other = Api.as(port, "drsmith").post("/api/roi/amendments/" + id + "/decision",
                "{\"version\": 0, \"decision\": \"accept\", \"amendmentText\": \"x\"}");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "roi").post("/api/roi/amendments/" + id + "/decision",
                "{\"version\": 0, \"decision\": \"accept\", \"amendmentText\": \"x\"}").statusCode()).isEqualTo(403);

        // completing the work item in the queue without deciding is refused
        long itemId = a.get("request").get("workItemId").asLong();
        int itemVersion = jdbc.sql("select version from work_item where id = ?").param(itemId).query(Integer.class).single();
        var shortcut = Api.as(port, "drjones").post("/api/work-items/" + itemId + "/complete", "{\"version\": "
                + itemVersion + ", \"resolution\": \"done\", \"outcome\": \"accepted\"}");
        assertThat(shortcut.statusCode()).as(shortcut.body()).isEqualTo(400);
        assertThat(shortcut.body()).contains("/amendments/" + id);

        // the author accepts on the decision page (linked from the work item): the amendment is signed, linked to
        // the original and in the chart
        PageSession jones = PageSession.login(port, "drjones");
        assertThat(jones.get("/queues/items/" + itemId).body()).contains("href=\"/amendments/" + id + "\"");
        assertThat(jones.get("/amendments/" + id).body()).contains("The note says I smoke").contains("id=\"accept-form\"");
        var accepted = jones.postForm("/amendments/" + id + "/accept", Map.of("version", "0",
                "amendmentText", "Social history corrected: lifelong non-smoker."));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(302);
        var row = jdbc.sql("select status, amendment_document_id from amendment_request where id = ?").param(id)
                .query((rs, n) -> Map.of("status", rs.getString(1), "doc", rs.getLong(2))).single();
        assertThat(row.get("status")).isEqualTo("ACCEPTED");
        long amendmentDoc = (Long) row.get("doc");
        var linked = jdbc.sql("select parent_id, relation, status from document where id = ?").param(amendmentDoc)
                .query((rs, n) -> rs.getLong(1) + "/" + rs.getString(2) + "/" + rs.getString(3)).single();
        assertThat(linked).isEqualTo(doc.get("document") + "/amendment/signed");
        assertThat(jdbc.sql("select status from document where id = ?").param(doc.get("document")).query(String.class)
                .single()).isEqualTo("amended");
        String original = PageSession.login(port, "him").get("/patients/" + doc.get("patient") + "/record/"
                + doc.get("document")).body();
        assertThat(original).contains("id=\"amended-notice\"").contains("Amendment to ");
        String amendmentPage = PageSession.login(port, "him").get("/patients/" + doc.get("patient") + "/record/" + amendmentDoc).body();
        assertThat(amendmentPage).contains("Social history corrected: lifelong non-smoker.");
        assertThat(jdbc.sql("select status from work_item where id = ?").param(a.get("request").get("workItemId").asLong())
                .query(String.class).single()).isEqualTo("DONE");

        // a later release must carry the amendment
        JsonNode statements = json(Api.as(port, "roi").get("/api/roi/patients/" + doc.get("patient")
                + "/amendment-statements?documentIds=" + doc.get("document")));
        assertThat(statements.findValuesAsString("kind")).containsExactly("ACCEPTED_AMENDMENT");
        assertThat(statements.get(0).get("amendmentDocumentId").asLong()).isEqualTo(amendmentDoc);
    }

    @Test
    void a_denial_needs_a_permitted_reason_writes_a_letter_and_the_disagreement_and_rebuttal_are_carried() throws Exception {
        var doc = joneseDocument(1);
        JsonNode a = intake(doc, today().minusDays(2).toString());
        long id = a.get("request").get("id").asLong();
        Api jones = Api.as(port, "drjones");

        var wrong = jones.post("/api/roi/amendments/" + id + "/decision",
                "{\"version\": 0, \"decision\": \"deny\", \"reason\": \"the doctor disagrees\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("not a permitted reason").contains("accurate-and-complete").contains("reason");
        assertThat(jdbc.sql("select status from amendment_request where id = ?").param(id).query(String.class).single())
                .isEqualTo("PENDING");

        var denied = jones.post("/api/roi/amendments/" + id + "/decision", "{\"version\": 0, \"decision\": \"deny\","
                + " \"reason\": \"accurate-and-complete\", \"explanation\": \"The history was taken from you on admission.\"}");
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        JsonNode d = json(denied);
        assertThat(d.get("status").asString()).isEqualTo("denied");
        assertThat(d.get("letters").size()).isEqualTo(1);
        long letterId = d.get("letters").get(0).get("id").asLong();
        String text = StoredLetters.text(port, "roi", letterId);
        assertThat(text).contains("The information is accurate and complete. The history was taken from you on admission.")
                .contains("statement disagreeing with this denial").contains("Secretary of the U.S.")
                .contains("The note says I smoke");

        Api roi = Api.as(port, "roi");
        var rebuttalFirst = roi.post("/api/roi/amendments/" + id + "/rebuttal", "{\"version\": " + d.get("request")
                .get("version").asInt() + ", \"rebuttal\": \"no\"}");
        assertThat(rebuttalFirst.statusCode()).isEqualTo(400);
        var disagreement = roi.post("/api/roi/amendments/" + id + "/disagreement", "{\"version\": "
                + d.get("request").get("version").asInt() + ", \"statement\": \"I have never smoked in my life.\"}");
        assertThat(disagreement.statusCode()).as(disagreement.body()).isEqualTo(200);
        var rebuttal = roi.post("/api/roi/amendments/" + id + "/rebuttal", "{\"version\": "
                + json(disagreement).get("request").get("version").asInt()
                + ", \"rebuttal\": \"The admission history records a 10 pack-year history, confirmed by the patient.\"}");
        assertThat(rebuttal.statusCode()).as(rebuttal.body()).isEqualTo(200);

        JsonNode statements = json(roi.get("/api/roi/patients/" + doc.get("patient") + "/amendment-statements?documentIds="
                + doc.get("document")));
        assertThat(statements.findValuesAsString("kind")).containsExactly("REQUEST", "DENIAL", "DISAGREEMENT", "REBUTTAL");
        assertThat(statements.findValuesAsString("text")).contains("I have never smoked in my life.");
        // the HIM page shows what later releases carry
        assertThat(PageSession.login(port, "roi").get("/roi/amendments/" + id).body())
                .contains("Carried with every later release").contains("I have never smoked in my life.");
    }

    @Test
    void each_permitted_reason_is_accepted_by_the_parser_and_nothing_else() {
        for (AmendmentDenialReason r : AmendmentDenialReason.values()) {
            assertThat(AmendmentDenialReason.parse("reason", r.code())).isEqualTo(r);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AmendmentDenialReason.parse("reason", "too expensive"))
                .isInstanceOf(org.chartkeeper.InvalidRequestException.class);
    }

    @Test
    void extension_needs_the_notice_within_60_days_and_moves_the_authors_item() {
        var doc = joneseDocument(2);
        JsonNode a = intake(doc, today().minusDays(59).toString());
        long id = a.get("request").get("id").asLong();
        Api roi = Api.as(port, "roi");
        var late = roi.post("/api/roi/amendments/" + id + "/extension", "{\"version\": 0, \"noticeSentOn\": \""
                + today().plusDays(5) + "\", \"reason\": \"author on leave\"}");
        assertThat(late.statusCode()).isEqualTo(400);
        var ok = roi.post("/api/roi/amendments/" + id + "/extension", "{\"version\": 0, \"noticeSentOn\": \""
                + today() + "\", \"reason\": \"The author is on leave until next month\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode e = json(ok);
        assertThat(e.get("request").get("dueOn").asString()).isEqualTo(today().minusDays(59).plusDays(90).toString());
        assertThat(e.get("letters").findValuesAsString("templateCode")).containsExactly("extension");
        var due = jdbc.sql("select due_at from work_item where id = ?").param(e.get("request").get("workItemId").asLong())
                .query(java.time.OffsetDateTime.class).single();
        assertThat(due.toLocalDate()).isEqualTo(today().minusDays(59).plusDays(90));
        var again = roi.post("/api/roi/amendments/" + id + "/extension", "{\"version\": " + e.get("request").get("version")
                .asInt() + ", \"noticeSentOn\": \"" + today() + "\", \"reason\": \"again\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("only one 30-day extension");
    }

    @Test
    void bad_input_is_named_and_changes_nothing() {
        var doc = joneseDocument(3);
        long before = jdbc.sql("select count(*) from amendment_request").query(Long.class).single();
        var r = Api.as(port, "roi").post("/api/roi/amendments", "{\"patientId\": " + doc.get("patient")
                + ", \"documentId\": " + doc.get("document") + ", \"receivedOn\": \"" + today() + "\","
                + " \"requestedBy\": \"The patient\", \"whatIsWrong\": \"\", \"proposedChange\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("whatIsWrong");
        var otherPatient = Api.as(port, "roi").post("/api/roi/amendments", "{\"patientId\": " + (doc.get("patient") + 1)
                + ", \"documentId\": " + doc.get("document") + ", \"receivedOn\": \"" + today() + "\","
                + " \"requestedBy\": \"The patient\", \"whatIsWrong\": \"a\", \"proposedChange\": \"b\"}");
        assertThat(otherPatient.statusCode()).isEqualTo(400);
        assertThat(otherPatient.body()).contains("not in this patient's record");
        assertThat(jdbc.sql("select count(*) from amendment_request").query(Long.class).single()).isEqualTo(before);
        // the intake page shows the error next to the field
        PageSession roiPage = PageSession.login(port, "roi");
        assertThat(roiPage.get("/roi/amendments?patientId=" + doc.get("patient")).body()).contains("id=\"documentId\"");
        var page = roiPage.postForm("/roi/amendments", Map.of("patientId",
                String.valueOf(doc.get("patient")), "documentId", String.valueOf(doc.get("document")), "receivedOn",
                today().plusDays(3).toString(), "requestedBy", "x", "whatIsWrong", "a", "proposedChange", "b"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"error-receivedOn\"").contains("in the future");
    }
}
