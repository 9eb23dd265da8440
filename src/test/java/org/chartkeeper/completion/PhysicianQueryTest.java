package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Physician queries end to end over the JSON API: writing, compliance, answering into the record, escalation, audit. */
@IntegrationTest
class PhysicianQueryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    QueryService queries;

    record Cited(long patientId, long encounterId, long documentId, String excerpt) {}

    /** A text document of an encounter of an unrestricted patient attended by this physician, and a quote from it. */
    Cited citable(String username, int nth) {
        return jdbc.sql("select e.patient_id, e.id, d.id, v.body from encounter e join provider p on p.id = e.attending_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = e.patient_id"
                        + " join document d on d.encounter_id = e.id and d.kind = 'text' and d.type_code = 'history-physical'"
                        + " join document_version v on v.document_id = d.id and v.version_no = 1"
                        + " where u.username = ? and not pt.restricted and not exists (select 1 from physician_query q"
                        + " where q.encounter_id = e.id) order by e.id")
                .param(username)
                .query((rs, n) -> new Cited(rs.getLong(1), rs.getLong(2), rs.getLong(3), excerpt(rs.getString(4))))
                .list().get(nth);
    }

    static String excerpt(String body) {
        int start = body.indexOf("Chief complaint:");
        int end = body.indexOf('\n', start);
        return body.substring(start, end).strip();
    }

    long providerOf(String username) {
        return jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = ?")
                .param(username).query(Long.class).single();
    }

    long template(String code) {
        return jdbc.sql("select id from query_template where code = ?").param(code).query(Long.class).single();
    }

    String body(Cited c, String provider, String template, String extra) {
        return "{\"encounterId\":" + c.encounterId() + ",\"providerId\":" + providerOf(provider) + ",\"templateId\":"
                + template(template) + ",\"indicators\":[{\"documentId\":" + c.documentId() + ",\"excerpt\":"
                + JSON.writeValueAsString(c.excerpt()) + "}]" + extra + "}";
    }

    JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    JsonNode sent(Cited c, String provider, String template) {
        return ok(Api.as(port, "him").post("/api/queries", body(c, provider, template, ",\"send\":true")), 201);
    }

    long audited(String where, Object... params) {
        return jdbc.sql("select count(*) from audit_event where " + where).params(params).query(Long.class).single();
    }

    @Test
    void the_answer_becomes_a_signed_query_response_document_of_the_encounter() {
        Cited c = citable("drsmith", 0);
        JsonNode q = sent(c, "drsmith", "heart-failure-type");
        long id = q.get("id").asLong();
        assertThat(q.get("status").asString()).isEqualTo("sent");
        assertThat(q.get("options")).hasSize(7);
        assertThat(q.get("indicators").get(0).get("excerpt").asString()).isEqualTo(c.excerpt());
        assertThat(Instant.parse(q.get("dueAt").asString())).isAfter(Instant.parse(q.get("sentAt").asString()).plus(Duration.ofHours(47)));

        JsonNode mine = ok(Api.as(port, "drsmith").get("/api/queries?mine=true"), 200);
        assertThat(mine.findValues("id").stream().map(JsonNode::asLong)).contains(id);
        long item = q.get("workItemId").asLong();
        assertThat(jdbc.sql("select assignee_id from work_item where id = ?").param(item).query(Long.class).single())
                .isEqualTo(jdbc.sql("select id from app_user where username = 'drsmith'").query(Long.class).single());

        // the queue item cannot be completed without answering
        int itemVersion = jdbc.sql("select version from work_item where id = ?").param(item).query(Integer.class).single();
        var shortcut = Api.as(port, "drsmith").post("/api/work-items/" + item + "/complete", "{\"version\":" + itemVersion
                + ",\"resolution\":\"done\",\"outcome\":\"answered\"}");
        assertThat(shortcut.statusCode()).as(shortcut.body()).isEqualTo(400);
        assertThat(shortcut.body()).contains("on its page");

        // an option that is not offered is refused and changes nothing
        var wrong = Api.as(port, "drsmith").post("/api/queries/" + id + "/answer",
                "{\"version\":" + q.get("version").asInt() + ",\"option\":\"Sepsis\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"field\":\"option\"");

        JsonNode answered = ok(Api.as(port, "drsmith").post("/api/queries/" + id + "/answer",
                "{\"version\":" + q.get("version").asInt() + ",\"option\":\"Acute on chronic diastolic heart failure\"}"), 200);
        assertThat(answered.get("status").asString()).isEqualTo("answered");
        assertThat(answered.get("outcome").asString()).isEqualTo("agreed");
        long doc = answered.get("answerDocumentId").asLong();

        JsonNode document = ok(Api.as(port, "him").get("/api/documents/" + doc), 200);
        assertThat(document.toString()).contains("query-response");
        assertThat(document.get("status").asString()).isEqualTo("signed");
        assertThat(document.get("authenticated").asBoolean()).isTrue();
        assertThat(document.get("encounterId").asLong()).isEqualTo(c.encounterId());
        String text = Api.as(port, "him").get("/api/documents/" + doc + "/content").body();
        assertThat(text).contains("PHYSICIAN QUERY RESPONSE").contains("Answer: Acute on chronic diastolic heart failure")
                .contains(c.excerpt()).contains("Answered by Sarah Smith, MD");
        assertThat(jdbc.sql("select status from work_item where id = ?").param(item).query(String.class).single()).isEqualTo("DONE");

        // answering twice is refused; CDI closes with the outcome
        assertThat(Api.as(port, "drsmith").post("/api/queries/" + id + "/answer",
                "{\"version\":" + answered.get("version").asInt() + ",\"option\":\"Clinically undetermined\"}").statusCode()).isEqualTo(400);
        JsonNode closed = ok(Api.as(port, "him").post("/api/queries/" + id + "/close",
                "{\"version\":" + answered.get("version").asInt() + "}"), 200);
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(closed.get("outcome").asString()).isEqualTo("agreed");
        assertThat(Api.as(port, "him").post("/api/queries/" + id + "/close", "{\"version\":0}").statusCode())
                .as("a stale or second close").isIn(400, 409);
    }

    @Test
    void only_the_addressed_provider_can_answer() {
        Cited c = citable("drsmith", 1);
        JsonNode q = sent(c, "drsmith", "poa-clarification");
        long id = q.get("id").asLong();
        String answer = "{\"version\":" + q.get("version").asInt() + ",\"option\":\"Yes\"}";
        long before = audited("resource_type = 'PhysicianQuery' and resource_id = ? and outcome = 'DENIED'", String.valueOf(id));

        var other = Api.as(port, "drjones").post("/api/queries/" + id + "/answer", answer);
        assertThat(other.statusCode()).isEqualTo(403);
        var cdi = Api.as(port, "him").post("/api/queries/" + id + "/answer", answer);
        assertThat(cdi.statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "drjones").get("/api/queries/" + id).statusCode()).as("nor read it").isEqualTo(403);
        assertThat(audited("resource_type = 'PhysicianQuery' and resource_id = ? and outcome = 'DENIED'", String.valueOf(id)))
                .isEqualTo(before + 3);
        assertThat(jdbc.sql("select status from physician_query where id = ?").param(id).query(String.class).single())
                .isEqualTo("SENT");

        JsonNode yes = ok(Api.as(port, "drsmith").post("/api/queries/" + id + "/answer", answer), 200);
        assertThat(yes.get("answerOption").asString()).isEqualTo("Yes");
        assertThat(yes.get("outcome").asString()).isEqualTo("agreed");
    }

    @Test
    void a_query_that_breaks_its_templates_rules_is_refused_and_nothing_is_written() {
        Cited c = citable("drjones", 0);
        long before = jdbc.sql("select count(*) from physician_query").query(Long.class).single();
        var noUndetermined = Api.as(port, "him").post("/api/queries", body(c, "drjones", "anemia-type",
                ",\"options\":[\"Acute blood loss anemia\",\"Iron deficiency anemia\",\"Other (please specify)\"]"));
        assertThat(noUndetermined.statusCode()).isEqualTo(400);
        assertThat(noUndetermined.body()).contains("\"field\":\"options\"").contains("Clinically undetermined");

        var leading = Api.as(port, "him").post("/api/queries", body(c, "drjones", "clinical-clarification",
                ",\"question\":\"Please document acute respiratory failure; it is an MCC.\""));
        assertThat(leading.statusCode()).isEqualTo(400);
        assertThat(leading.body()).contains("\"field\":\"question\"");

        String invented = "{\"encounterId\":" + c.encounterId() + ",\"providerId\":" + providerOf("drjones")
                + ",\"templateId\":" + template("sepsis-validation") + ",\"indicators\":[{\"documentId\":" + c.documentId()
                + ",\"excerpt\":\"Lactate 6.2 mmol/L, blood cultures positive\"}]}";
        var notInRecord = Api.as(port, "him").post("/api/queries", invented);
        assertThat(notInRecord.statusCode()).isEqualTo(400);
        assertThat(notInRecord.body()).contains("\"field\":\"indicators\"").contains("quote the record exactly");

        Cited elsewhere = citable("drjones", 1);
        String foreign = "{\"encounterId\":" + c.encounterId() + ",\"providerId\":" + providerOf("drjones")
                + ",\"templateId\":" + template("sepsis-validation") + ",\"indicators\":[{\"documentId\":" + elsewhere.documentId()
                + ",\"excerpt\":" + JSON.writeValueAsString(elsewhere.excerpt()) + "}]}";
        var otherEncounter = Api.as(port, "him").post("/api/queries", foreign);
        assertThat(otherEncounter.statusCode()).isEqualTo(400);
        assertThat(otherEncounter.body()).contains("not one of encounter");

        String noIndicator = "{\"encounterId\":" + c.encounterId() + ",\"providerId\":" + providerOf("drjones")
                + ",\"templateId\":" + template("conflicting-documentation") + "}";
        var yesNoWithoutIndicator = Api.as(port, "him").post("/api/queries", noIndicator);
        assertThat(yesNoWithoutIndicator.statusCode()).isEqualTo(400);
        assertThat(yesNoWithoutIndicator.body()).contains("may not introduce a new diagnosis");

        // a physician cannot write queries
        assertThat(Api.as(port, "drjones").post("/api/queries", body(c, "drjones", "anemia-type", "")).statusCode())
                .isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from physician_query").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void a_yes_no_template_for_a_new_diagnosis_is_refused_and_a_compliant_one_is_saved() {
        var refused = Api.as(port, "director").post("/api/query-templates", "{\"code\":\"sepsis-yes-no\",\"name\":\"Sepsis?\","
                + "\"kind\":\"yes-no\",\"yesNoPurpose\":\"new-diagnosis\",\"question\":\"Does the patient have sepsis?\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"yesNoPurpose\"").contains("never introduce a new diagnosis");
        var noOther = Api.as(port, "director").post("/api/query-templates", "{\"code\":\"aki-stage\",\"name\":\"AKI stage\","
                + "\"kind\":\"multiple-choice\",\"question\":\"Please clarify the renal diagnosis.\","
                + "\"options\":[\"Acute kidney injury\",\"Chronic kidney disease stage 3\",\"Clinically undetermined\"]}");
        assertThat(noOther.statusCode()).isEqualTo(400);
        assertThat(Api.as(port, "him").post("/api/query-templates", "{\"code\":\"aki-stage\",\"name\":\"AKI stage\","
                + "\"kind\":\"open-ended\",\"question\":\"Please clarify the renal diagnosis.\"}").statusCode())
                .as("editing templates needs query.templates").isEqualTo(403);
        JsonNode saved = ok(Api.as(port, "director").post("/api/query-templates", "{\"code\":\"aki-stage\",\"name\":\"AKI stage\","
                + "\"kind\":\"multiple-choice\",\"question\":\"Please clarify the renal diagnosis.\",\"options\":[\"Acute kidney"
                + " injury\",\"Chronic kidney disease stage 3\",\"Clinically undetermined\",\"Other (please specify)\"]}"), 201);
        assertThat(saved.get("kind").asString()).isEqualTo("MULTIPLE_CHOICE");
        var stale = Api.as(port, "director").put("/api/query-templates/" + saved.get("id").asLong(), "{\"code\":\"aki-stage\","
                + "\"name\":\"AKI\",\"kind\":\"open-ended\",\"question\":\"Please clarify.\",\"version\":7}");
        assertThat(stale.statusCode()).isEqualTo(409);
    }

    @Test
    void an_unanswered_query_escalates_to_the_physician_advisor_after_its_due_time() {
        Cited c = citable("drjones", 2);
        JsonNode q = sent(c, "drjones", "acute-respiratory-failure");
        long id = q.get("id").asLong();
        Instant due = Instant.parse(q.get("dueAt").asString());

        queries.escalateOverdue(due.minusSeconds(60));
        assertThat(status(id)).isEqualTo("SENT");

        queries.escalateOverdue(due.plusSeconds(60));
        assertThat(status(id)).isEqualTo("ESCALATED");
        Long escalation = jdbc.sql("select escalation_item_id from physician_query where id = ?").param(id).query(Long.class).single();
        assertThat(jdbc.sql("select item_type || ' ' || pool_role || ' ' || status from work_item where id = ?").param(escalation)
                .query(String.class).single()).isEqualTo("physician-query-escalation physician-advisor OPEN");
        queries.escalateOverdue(due.plusSeconds(3600));
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'physician-query-escalation' and subject_id = ?")
                .param(id).query(Long.class).single()).as("escalated once").isEqualTo(1);
        assertThat(Api.as(port, "drokafor").get("/api/work-items?type=physician-query-escalation").body()).contains("\"id\":" + escalation);

        // the provider can still answer an escalated query; both items are then done
        JsonNode now = ok(Api.as(port, "drjones").get("/api/queries/" + id), 200);
        ok(Api.as(port, "drjones").post("/api/queries/" + id + "/answer", "{\"version\":" + now.get("version").asInt()
                + ",\"option\":\"Other (please specify)\",\"text\":\"Hypoxemia from atelectasis, resolved\"}"), 200);
        assertThat(jdbc.sql("select status from work_item where id = ?").param(escalation).query(String.class).single()).isEqualTo("DONE");
        assertThat(jdbc.sql("select outcome from physician_query where id = ?").param(id).query(String.class).optional())
                .as("'other' leaves the outcome to CDI").isEmpty();
    }

    @Test
    void a_withdrawn_query_leaves_the_providers_queue() {
        Cited c = citable("drsmith", 2);
        JsonNode q = sent(c, "drsmith", "malnutrition-severity");
        long id = q.get("id").asLong();
        var noReason = Api.as(port, "him").post("/api/queries/" + id + "/withdraw", "{\"version\":" + q.get("version").asInt() + "}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        JsonNode w = ok(Api.as(port, "coder").post("/api/queries/" + id + "/withdraw", "{\"version\":" + q.get("version").asInt()
                + ",\"reason\":\"Dietitian addendum clarified the severity\"}"), 200);
        assertThat(w.get("status").asString()).isEqualTo("withdrawn");
        assertThat(jdbc.sql("select status from work_item where id = ?").param(q.get("workItemId").asLong())
                .query(String.class).single()).isEqualTo("CANCELLED");
        assertThat(ok(Api.as(port, "drsmith").get("/api/queries?mine=true"), 200).findValues("id").stream().map(JsonNode::asLong))
                .doesNotContain(id);
    }

    @Test
    void reading_a_query_is_audited_for_its_patient() {
        Cited c = citable("drjones", 3);
        long id = ok(Api.as(port, "him").post("/api/queries", body(c, "drjones", "anemia-type", "")), 201).get("id").asLong();
        long before = audited("patient_id = ? and resource_type = 'PhysicianQuery' and action = 'VIEW'", c.patientId());
        ok(Api.as(port, "privacy").get("/api/queries/" + id), 200);
        assertThat(audited("patient_id = ? and resource_type = 'PhysicianQuery' and action = 'VIEW'", c.patientId()))
                .isEqualTo(before + 1);
        assertThat(audited("patient_id = ? and resource_type = 'PhysicianQuery' and action = 'CREATE' and detail = 'query drafted'",
                c.patientId())).isGreaterThanOrEqualTo(1);
        JsonNode report = ok(Api.as(port, "director").get("/api/queries/report"), 200);
        assertThat(report.get("overall").get("answered").asInt()).as("the demo's answered queries").isGreaterThan(0);
        assertThat(Api.as(port, "roi").get("/api/queries/report").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "director").get("/api/queries/report?from=2026-13-01").statusCode()).isEqualTo(400);
    }

    String status(long id) {
        return jdbc.sql("select status from physician_query where id = ?").param(id).query(String.class).single();
    }
}
