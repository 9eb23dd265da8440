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

/** Letters of a request from the editable templates (stored, listed, text as typed) and the desk's report. */
@IntegrationTest
class RequestLettersAndReportsTest {

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

    @Test
    void request_letters_fill_the_fields_print_input_literally_and_are_listed_on_the_request() throws Exception {
        long patientId = jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset 33 rows fetch first 1 rows only").query(Long.class).single();
        var created = Api.as(port, "roi").post("/api/roi/requests", "{\"patientId\": " + patientId + ", \"receivedOn\": \""
                + today().minusDays(2) + "\", \"channel\": \"mail\", \"requesterType\": \"attorney\","
                + " \"requesterName\": \"<script>alert(1)</script> {{patientMrn}} & Co\", \"requesterAddress\": \"12 Court St\","
                + " \"purpose\": \"claim\", \"format\": \"pdf\", \"delivery\": \"mail\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode r = json(created);
        long requestId = r.get("id").asLong();
        String requestNo = r.get("requestNo").asString();

        var ack = Api.as(port, "roi").post("/api/roi/requests/" + requestId + "/letters", "{\"template\": \"acknowledgement\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(201);
        String ackText = StoredLetters.text(port, "roi", json(ack).get("id").asLong());
        assertThat(ackText).contains("<script>alert(1)</script> {{patientMrn}} & Co").contains("12 Court St")
                .contains("Re: request " + requestNo).contains("answer it by " + today().minusDays(2).plusDays(30));

        var pend = Api.as(port, "roi").post("/api/roi/requests/" + requestId + "/letters", "{\"template\": \"pend\"}");
        assertThat(pend.statusCode()).as(pend.body()).isEqualTo(201);
        assertThat(StoredLetters.text(port, "roi", json(pend).get("id").asLong()))
                .contains("Please send us the following").contains("authorization");

        var extension = Api.as(port, "roi").post("/api/roi/requests/" + requestId + "/letters", "{\"template\": \"extension\"}");
        assertThat(extension.statusCode()).isEqualTo(400);
        assertThat(extension.body()).contains("not extended");
        var unknown = Api.as(port, "roi").post("/api/roi/requests/" + requestId + "/letters", "{\"template\": \"ransom\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);

        JsonNode listed = json(Api.as(port, "roi").get("/api/roi/requests/" + requestId + "/letters"));
        // the pend letter made at intake (the request came without an authorization), then the two asked for
        assertThat(listed.findValuesAsString("templateCode")).containsExactly("pend", "acknowledgement", "pend");
        PageSession page = PageSession.login(port, "roi");
        String html = page.get("/roi/requests/" + requestId + "/letters").body();
        assertThat(html).contains("Acknowledgement of a request (PDF)").contains("Pend letter");
        assertThat(page.get("/roi/requests/" + requestId).body()).contains("id=\"request-letters\"");
    }

    @Test
    void a_request_pended_at_intake_or_by_its_checklist_gets_its_pend_letter_naming_what_is_missing() throws Exception {
        long patientId = jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset 34 rows fetch first 1 rows only").query(Long.class).single();
        var created = Api.as(port, "roi").post("/api/roi/requests", "{\"patientId\": " + patientId + ", \"receivedOn\": \""
                + today() + "\", \"channel\": \"mail\", \"requesterType\": \"attorney\","
                + " \"requesterName\": \"Pendleton & Marsh\", \"requesterAddress\": \"4 Court St\","
                + " \"purpose\": \"claim\", \"format\": \"pdf\", \"delivery\": \"mail\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("status").asString()).isEqualTo("pended");
        long requestId = json(created).get("id").asLong();
        JsonNode listed = json(Api.as(port, "roi").get("/api/roi/requests/" + requestId + "/letters"));
        assertThat(listed.findValuesAsString("templateCode")).containsExactly("pend");
        assertThat(StoredLetters.text(port, "roi", listed.get(0).get("id").asLong()))
                .contains("Pendleton & Marsh").contains("Please send us the following").contains("authorization");
        // the page's pend letter is the same template, filled for the request as it is now
        var preview = PageSession.login(port, "roi").get("/roi/requests/" + requestId + "/pend-letter.pdf");
        assertThat(preview.statusCode()).isEqualTo(200);
        // a request that passes makes no pend letter
        var own = Api.as(port, "roi").post("/api/roi/requests", "{\"patientId\": " + patientId + ", \"receivedOn\": \""
                + today() + "\", \"channel\": \"fax\", \"requesterType\": \"patient\", \"requesterName\": \"The patient\","
                + " \"purpose\": \"personal\", \"format\": \"pdf\", \"delivery\": \"mail\","
                + " \"authorization\": {\"identityVerified\": true}}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(json(own).get("status").asString()).isEqualTo("received");
        long passing = json(own).get("id").asLong();
        assertThat(json(Api.as(port, "roi").get("/api/roi/requests/" + passing + "/letters")).size()).isZero();
    }

    @Test
    void templates_are_edited_by_roi_letters_only_and_only_with_allowed_fields() {
        Api roi = Api.as(port, "roi");
        JsonNode t = json(roi.get("/api/roi/letter-templates"));
        JsonNode delivery = null;
        for (JsonNode n : t.get("templates")) if (n.get("code").asString().equals("delivery")) delivery = n;
        assertThat(delivery).isNotNull();
        int version = delivery.get("version").asInt();
        var bad = roi.put("/api/roi/letter-templates/delivery", "{\"version\": " + version
                + ", \"name\": \"Delivery\", \"body\": \"Dear {{requesterName}}, your SSN is {{patientSsn}}\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("{{patientSsn}}").contains("body");
        var him = Api.as(port, "him").put("/api/roi/letter-templates/delivery", "{\"version\": " + version
                + ", \"name\": \"Delivery\", \"body\": \"Dear {{requesterName}}\"}");
        assertThat(him.statusCode()).isEqualTo(403);
        var ok = roi.put("/api/roi/letter-templates/delivery", "{\"version\": " + version
                + ", \"name\": \"Delivery of records\", \"body\": \"" + delivery.get("body").asString()
                .replace("\n", "\\n").replace("\"", "\\\"") + "\\nThank you.\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).get("body").asString()).endsWith("Thank you.");
        var stale = roi.put("/api/roi/letter-templates/delivery", "{\"version\": " + version
                + ", \"name\": \"Delivery\", \"body\": \"Dear {{requesterName}}\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        // the page shows the form to those who may edit, with the allowed fields
        assertThat(PageSession.login(port, "roi").get("/roi/letters/templates").body()).contains("id=\"save-delivery\"")
                .contains("amendmentRequested");
        assertThat(PageSession.login(port, "him").get("/roi/letters/templates").body()).doesNotContain("id=\"save-delivery\"");
    }

    @Test
    void the_report_has_turnaround_backlog_counts_and_revenue_as_page_csv_and_json() {
        Api roi = Api.as(port, "roi");
        JsonNode r = json(roi.get("/api/roi/reports?from=" + today().minusYears(1) + "&to=" + today()));
        assertThat(r.get("backlog").size()).isEqualTo(5);
        int open = 0;
        for (JsonNode b : r.get("backlog")) open += b.get("open").asInt();
        assertThat(open).isEqualTo(jdbc.sql("select count(*) from roi_request where status in"
                + " ('RECEIVED','PENDED','IN_PROGRESS')").query(Integer.class).single());
        assertThat(r.get("requestsByType").findValuesAsString("key")).containsExactly("records", "accounting", "amendment", "outgoing");
        assertThat(r.get("overall").get("released").asInt()).isEqualTo(jdbc.sql("select count(*) from roi_request_history"
                + " where action = 'released' and at >= ?").param(today().minusYears(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .query(Integer.class).single());
        var bad = roi.get("/api/roi/reports?from=2026-13-01");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("from");
        PageSession page = PageSession.login(port, "roi");
        String html = page.get("/roi/reports").body();
        assertThat(html).contains("id=\"chart-turnaround\"").contains("chart.umd.js").contains("id=\"report-data\"");
        var csv = page.get("/roi/reports.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("section,key,label,count,median_days,p90_days,max_days").contains("backlog,overdue");
    }
}
