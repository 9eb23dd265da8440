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
 * A patient's request for an accounting of disclosures end to end: due in 60 days, free once per 12 months (the fee
 * told and agreed first), delivered as a letter that lists each disclosure, summarizes repeated ones, leaves out the
 * exempt ones and those under an agency's suspension; every step audited.
 */
@IntegrationTest
class AccountingRequestsTest {

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

    private long patient(int offset) {
        return jdbc.sql("select id from patient where not restricted and status = 'active' and id not in"
                + " (select patient_id from accounting_request) and id not in (select patient_id from disclosure)"
                + " order by id desc offset " + offset + " rows fetch first 1 rows only").query(Long.class).single();
    }

    private void disclose(long patientId, LocalDate on, String recipient, String purpose, String category) {
        var r = Api.as(port, "roi").post("/api/disclosures/patients/" + patientId, "{\"disclosedOn\": \"" + on
                + "\", \"recipientName\": \"" + recipient + "\", \"recipientAddress\": \"1 Capitol Way\","
                + " \"description\": \"Laboratory results\", \"purpose\": \"" + purpose + "\", \"category\": \"" + category + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode intake(long patientId, LocalDate received) {
        var r = Api.as(port, "roi").post("/api/roi/accounting-requests", "{\"patientId\": " + patientId
                + ", \"receivedOn\": \"" + received + "\", \"requestedBy\": \"The patient\","
                + " \"deliverTo\": \"22 Elm St, Springfield\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void the_first_accounting_is_free_due_in_60_days_and_its_letter_lists_what_the_rule_requires() throws Exception {
        long patientId = patient(0);
        for (int i = 5; i >= 1; i--) disclose(patientId, today().minusMonths(i), "State Cancer Registry", "registry report", "public-health");
        disclose(patientId, today().minusDays(20), "FBI Field Office", "investigation", "law-enforcement");
        disclose(patientId, today().minusDays(15), "The patient", "personal copy", "to-patient");
        var suspension = Api.as(port, "privacy").post("/api/disclosures/patients/" + patientId + "/suspensions",
                "{\"agency\": \"FBI Field Office\", \"statement\": \"An accounting would impede the investigation\","
                        + " \"suspendedUntil\": \"" + today().plusDays(60) + "\"}");
        assertThat(suspension.statusCode()).as(suspension.body()).isEqualTo(201);

        long before = jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
        JsonNode r = intake(patientId, today().minusDays(3));
        long id = r.get("request").get("id").asLong();
        assertThat(r.get("status").asString()).isEqualTo("received");
        assertThat(r.get("free").asBoolean()).isTrue();
        assertThat(r.get("request").get("dueOn").asString()).isEqualTo(today().minusDays(3).plusDays(60).toString());

        var delivered = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/delivery", "{\"version\": 0}");
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        JsonNode d = json(delivered);
        assertThat(d.get("status").asString()).isEqualTo("delivered");
        long letterId = d.get("request").get("letterId").asLong();
        String text = StoredLetters.text(port, "roi", letterId);
        assertThat(text).contains("accounting of disclosures for").contains("State Cancer Registry, 1 Capitol Way")
                .contains("What was disclosed: Laboratory results").contains("Purpose: registry report")
                .contains("Repeated: 5 disclosures to this recipient for this purpose")
                .contains("the last on " + today().minusMonths(1))
                .contains("Fee for this accounting: none").contains("22 Elm St, Springfield");
        assertThat(text).doesNotContain("FBI").doesNotContain("personal copy");
        // audited: the intake, the delivery and the letter, each naming the patient
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and patient_id = ? and category = 'DISCLOSURES'"
                + " and action in ('CREATE','UPDATE')").params(before, patientId).query(Long.class).single())
                .isGreaterThanOrEqualTo(3);
        // the page lists the letter
        assertThat(PageSession.login(port, "roi").get("/roi/accounting-requests/" + id).body())
                .contains("id=\"letter-" + letterId + "\"").contains("delivered");
    }

    @Test
    void the_six_years_are_counted_back_from_the_date_of_the_request_not_from_the_delivery() throws Exception {
        long patientId = patient(4);
        LocalDate received = today().minusDays(50);
        // within the 6 years before the request, but more than 6 years before today
        disclose(patientId, received.minusYears(6).plusDays(10), "Old Registry", "registry report", "public-health");
        // more than 6 years before the request
        disclose(patientId, received.minusYears(6).minusDays(1), "Ancient Registry", "registry report", "public-health");
        // after the request was received: not part of what was asked for
        disclose(patientId, today().minusDays(5), "Recent Registry", "registry report", "public-health");
        long id = intake(patientId, received).get("request").get("id").asLong();
        var delivered = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/delivery", "{\"version\": 0}");
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        String text = StoredLetters.text(port, "roi", json(delivered).get("request").get("letterId").asLong());
        assertThat(text).contains("Old Registry").doesNotContain("Ancient Registry").doesNotContain("Recent Registry")
                .contains(received.minusYears(6).toString()).contains(received.toString());
    }

    @Test
    void a_second_request_within_12_months_carries_the_fee_which_the_patient_agrees_to_first() throws Exception {
        long patientId = patient(1);
        disclose(patientId, today().minusDays(40), "County Health Department", "tuberculosis report", "public-health");
        JsonNode first = intake(patientId, today().minusDays(100));
        assertThat(first.get("free").asBoolean()).isTrue();
        JsonNode second = intake(patientId, today().minusDays(1));
        long id = second.get("request").get("id").asLong();
        assertThat(second.get("status").asString()).isEqualTo("fee-notice");
        assertThat(second.get("request").get("fee").decimalValue()).isEqualByComparingTo("25.00");

        var early = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/delivery", "{\"version\": 0}");
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("USD 25.00").contains("agree");

        var badAgreement = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/fee-agreement",
                "{\"version\": 0, \"noticeSentOn\": \"" + today() + "\", \"agreedOn\": \"" + today().minusDays(1) + "\"}");
        assertThat(badAgreement.statusCode()).isEqualTo(400);
        assertThat(badAgreement.body()).contains("agreedOn");
        var agreed = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/fee-agreement",
                "{\"version\": 0, \"noticeSentOn\": \"" + today().minusDays(1) + "\", \"agreedOn\": \"" + today() + "\"}");
        assertThat(agreed.statusCode()).as(agreed.body()).isEqualTo(200);
        var delivered = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/delivery",
                "{\"version\": " + json(agreed).get("request").get("version").asInt() + "}");
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        String text = StoredLetters.text(port, "roi", json(delivered).get("request").get("letterId").asLong());
        assertThat(text).contains("Fee for this accounting: USD 25.00 (agreed on " + today() + ")")
                .contains("County Health Department");

        // the report counts the fee as revenue
        JsonNode report = json(Api.as(port, "roi").get("/api/roi/reports"));
        assertThat(report.get("revenue").get("total").decimalValue()).isGreaterThanOrEqualTo(new java.math.BigDecimal("25.00"));
    }

    @Test
    void a_withdrawn_request_does_not_use_up_the_free_one_and_the_extension_notice_must_come_within_60_days() {
        long patientId = patient(2);
        JsonNode first = intake(patientId, today().minusDays(61));
        long firstId = first.get("request").get("id").asLong();
        var late = Api.as(port, "roi").post("/api/roi/accounting-requests/" + firstId + "/extension",
                "{\"version\": 0, \"noticeSentOn\": \"" + today() + "\", \"reason\": \"backlog\"}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("within 60 days");
        var withdrawn = Api.as(port, "roi").post("/api/roi/accounting-requests/" + firstId + "/withdrawal", "{\"version\": 0}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        JsonNode second = intake(patientId, today());
        assertThat(second.get("free").asBoolean()).isTrue();
        long id = second.get("request").get("id").asLong();
        var extended = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/extension",
                "{\"version\": 0, \"noticeSentOn\": \"" + today() + "\", \"reason\": \"Records are in off-site storage\"}");
        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        assertThat(json(extended).get("request").get("dueOn").asString()).isEqualTo(today().plusDays(90).toString());
        assertThat(json(extended).get("letters").findValuesAsString("templateCode")).containsExactly("extension");
        // a stale version is refused
        var stale = Api.as(port, "roi").post("/api/roi/accounting-requests/" + id + "/withdrawal", "{\"version\": 0}");
        assertThat(stale.statusCode()).isEqualTo(409);
    }

    @Test
    void bad_input_names_the_field_and_the_page_shows_it_next_to_the_field() {
        long patientId = patient(3);
        var r = Api.as(port, "roi").post("/api/roi/accounting-requests", "{\"patientId\": " + patientId
                + ", \"receivedOn\": \"next tuesday\", \"requestedBy\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("receivedOn");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        PageSession page = PageSession.login(port, "roi");
        page.get("/roi/accounting-requests");
        var form = page.postForm("/roi/accounting-requests", Map.of("patientId", String.valueOf(patientId),
                "receivedOn", today().toString(), "requestedBy", " "));
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("id=\"error-requestedBy\"");
        assertThat(jdbc.sql("select count(*) from accounting_request where patient_id = ?").param(patientId)
                .query(Long.class).single()).isZero();
    }
}
