package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Release-of-information requests end to end: intake, checklist, pend and validate, release, deadline, accounting. */
@IntegrationTest
class RoiRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private long patient(int offset) {
        return jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset " + offset + " rows fetch first 1 rows only").query(Long.class).single();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private String request(long patientId, String type, LocalDate received, String authorization) {
        return "{\"patientId\": " + patientId + ", \"receivedOn\": \"" + received + "\", \"channel\": \"mail\","
                + " \"requesterType\": \"" + type + "\", \"requesterName\": \"Dewey & Howe LLP\","
                + " \"requesterAddress\": \"12 Court St, Springfield\", \"askedFrom\": \"2024-01-01\","
                + " \"askedDocumentTypes\": \"discharge-summary\", \"purpose\": \"personal injury claim\","
                + " \"format\": \"pdf\", \"delivery\": \"secure-download\""
                + (authorization == null ? "" : ", \"authorization\": " + authorization) + "}";
    }

    /**
     * Releases a started request the only way there is: through fulfillment. A discharge summary (what {@link #request}
     * asks for) is uploaded, selected, packaged and delivered by mail; returns the delivery's answer.
     */
    private HttpResponse<String> releaseThroughFulfillment(Api roi, long patientId, long requestId, String text) {
        var up = new Multipart().file("file", "record.pdf", "application/pdf", ReleasePackageTest.pdf(text))
                .field("typeCode", "discharge-summary").field("serviceAt", "2025-03-02")
                .post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        long doc = json(up).get("id").asLong();
        var selected = roi.put("/api/roi/requests/" + requestId + "/selection", "{\"version\": "
                + fulfillmentVersion(roi, requestId) + ", \"documentIds\": [" + doc + "]}");
        assertThat(selected.statusCode()).as(selected.body()).isEqualTo(200);
        var built = roi.post("/api/roi/requests/" + requestId + "/package", "{\"version\": "
                + fulfillmentVersion(roi, requestId) + "}");
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        return roi.post("/api/roi/requests/" + requestId + "/deliveries", "{\"version\": "
                + fulfillmentVersion(roi, requestId) + ", \"method\": \"mail\"}");
    }

    private static int fulfillmentVersion(Api roi, long requestId) {
        return json(roi.get("/api/roi/requests/" + requestId + "/fulfillment")).get("version").asInt();
    }

    static final String COMPLETE_AUTHORIZATION = "{\"present\": true, \"describesInformation\": true,"
            + " \"namesDiscloser\": true, \"namesRecipient\": true, \"statesPurpose\": true, \"expiresOn\": \"2099-12-31\","
            + " \"signedOn\": \"2025-01-02\", \"revocationStatement\": true, \"conditioningStatement\": true,"
            + " \"redisclosureStatement\": true}";

    @Test
    void an_attorney_request_without_an_authorization_is_pended_then_released_and_accounted_for() {
        long patientId = patient(11);
        Api roi = Api.as(port, "roi");
        var created = roi.post("/api/roi/requests", request(patientId, "attorney", today().minusDays(3), null));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode r = json(created);
        long id = r.get("id").asLong();
        assertThat(r.get("status").asString()).isEqualTo("pended");
        assertThat(r.get("statusNote").asString()).contains("authorization signed by the patient");
        assertThat(r.get("checklistPassed").asBoolean()).isFalse();
        assertThat(r.get("dueOn").asString()).isEqualTo(today().minusDays(3).plusDays(30).toString());
        assertThat(r.get("requestNo").asString()).matches("ROI-\\d{6}");

        // a work item in the roi pool, due at the end of the deadline day
        var item = jdbc.sql("select pool_role, due_at from work_item where id = ?").param(r.get("workItemId").asLong())
                .query((rs, n) -> Map.of("pool", rs.getString(1), "due", rs.getObject(2, java.time.OffsetDateTime.class)))
                .single();
        assertThat(item.get("pool")).isEqualTo("roi");
        assertThat(((java.time.OffsetDateTime) item.get("due")).toLocalDate()).isEqualTo(today().plusDays(27));

        // a pended request cannot be fulfilled, and there is no release beside fulfillment
        var early = roi.put("/api/roi/requests/" + id + "/selection", "{\"version\": " + fulfillmentVersion(roi, id)
                + ", \"documentIds\": []}");
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("pended");
        assertThat(roi.post("/api/roi/requests/" + id + "/release", "{\"version\": " + r.get("version").asInt()
                + ", \"description\": \"discharge summary\"}").statusCode()).isIn(403, 404, 405);

        // the authorization arrives: the checklist passes and the request goes back to received
        var validated = roi.put("/api/roi/requests/" + id + "/validation", "{\"version\": " + r.get("version").asInt()
                + ", \"authorization\": " + COMPLETE_AUTHORIZATION + "}");
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        JsonNode v = json(validated);
        assertThat(v.get("status").asString()).isEqualTo("received");
        assertThat(v.get("checklistPassed").asBoolean()).isTrue();

        // a stale version is refused with 409
        var stale = roi.post("/api/roi/requests/" + id + "/start", "{\"version\": " + r.get("version").asInt() + "}");
        assertThat(stale.statusCode()).isEqualTo(409);

        var started = roi.post("/api/roi/requests/" + id + "/start", "{\"version\": " + v.get("version").asInt() + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        long before = jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
        var released = releaseThroughFulfillment(roi, patientId, id, "Discharge summary 2025");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(201);
        assertThat(json(roi.get("/api/roi/requests/" + id)).get("status").asString()).isEqualTo("completed");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'DISCLOSE' and patient_id = ?"
                + " and category = 'DISCLOSURES'").params(before, patientId).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select status from work_item where id = ?").param(r.get("workItemId").asLong())
                .query(String.class).single()).isEqualTo("DONE");

        // the release is recorded as a disclosure under an authorization, which the accounting leaves out
        assertThat(jdbc.sql("select category from disclosure where request_id = ?").param(id).query(String.class).single())
                .isEqualTo("AUTHORIZATION");
        JsonNode acc = json(roi.get("/api/disclosures/patients/" + patientId + "/accounting"));
        assertThat(acc.get("exempted").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(acc.get("entries").size()).isZero();

        // the request's history names each step
        JsonNode full = json(roi.get("/api/roi/requests/" + id));
        assertThat(full.get("history").findValuesAsString("action"))
                .containsExactly("received", "pended", "validated", "started", "released");
    }

    @Test
    void a_subpoena_released_with_satisfactory_assurance_appears_in_the_accounting() {
        long patientId = patient(12);
        Api roi = Api.as(port, "roi");
        JsonNode r = json(roi.post("/api/roi/requests", request(patientId, "court-order-subpoena", today(),
                "{\"satisfactoryAssurance\": true}")));
        assertThat(r.get("status").asString()).isEqualTo("received");
        long id = r.get("id").asLong();
        var started = roi.post("/api/roi/requests/" + id + "/start", "{\"version\": " + r.get("version").asInt() + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        var released = releaseThroughFulfillment(roi, patientId, id, "Emergency record 2025-03-02");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(201);
        JsonNode acc = json(roi.get("/api/disclosures/patients/" + patientId + "/accounting"));
        assertThat(acc.get("entries").size()).isEqualTo(1);
        JsonNode e = acc.get("entries").get(0);
        assertThat(e.get("recipientName").asString()).isEqualTo("Dewey & Howe LLP");
        assertThat(e.get("recipientAddress").asString()).isEqualTo("12 Court St, Springfield");
        assertThat(e.get("description").asString()).startsWith("Release package PKG-").contains("by mail")
                .endsWith(": Discharge summary");
        assertThat(e.get("purpose").asString()).isEqualTo("personal injury claim");
        assertThat(e.get("disclosedOn").asString()).isEqualTo(today().toString());
    }

    @Test
    void disclosures_entered_by_hand_and_an_agency_suspension_shape_the_accounting() {
        long patientId = patient(13);
        Api roi = Api.as(port, "roi");
        String report = "{\"disclosedOn\": \"" + today().minusMonths(2) + "\", \"recipientName\": \"State health department\","
                + " \"description\": \"Positive TB culture\", \"purpose\": \"reportable disease\", \"category\": \"public-health\"}";
        assertThat(roi.post("/api/disclosures/patients/" + patientId, report).statusCode()).isEqualTo(201);
        assertThat(roi.post("/api/disclosures/patients/" + patientId, report.replace(today().minusMonths(2).toString(),
                today().minusMonths(1).toString())).statusCode()).isEqualTo(201);
        String oig = "{\"disclosedOn\": \"" + today().minusDays(5) + "\", \"recipientName\": \"Office of Inspector General\","
                + " \"description\": \"Billing records\", \"purpose\": \"fraud investigation\", \"category\": \"health-oversight\"}";
        assertThat(roi.post("/api/disclosures/patients/" + patientId, oig).statusCode()).isEqualTo(201);
        var bad = roi.post("/api/disclosures/patients/" + patientId, oig.replace("health-oversight", "gossip"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("field").asString()).isEqualTo("category");

        JsonNode acc = json(roi.get("/api/disclosures/patients/" + patientId + "/accounting"));
        assertThat(acc.get("entries").size()).isEqualTo(2);
        assertThat(acc.get("entries").get(0).get("count").asInt()).isEqualTo(2);

        // a suspension needs roi.manage: the specialist is refused, the director records it
        String suspension = "{\"agency\": \"Office of Inspector General\", \"statement\": \"An accounting would impede"
                + " the investigation\", \"suspendedUntil\": \"" + today().plusDays(90) + "\"}";
        assertThat(roi.post("/api/disclosures/patients/" + patientId + "/suspensions", suspension).statusCode())
                .isEqualTo(403);
        assertThat(Api.as(port, "director").post("/api/disclosures/patients/" + patientId + "/suspensions", suspension)
                .statusCode()).isEqualTo(201);
        acc = json(roi.get("/api/disclosures/patients/" + patientId + "/accounting"));
        assertThat(acc.get("entries").size()).isEqualTo(1);
        assertThat(acc.get("suspended").asInt()).isEqualTo(1);

        // a shorter period
        acc = json(roi.get("/api/disclosures/patients/" + patientId + "/accounting?from=" + today().minusMonths(1).minusDays(1)));
        assertThat(acc.get("entries").get(0).get("count").asInt()).isEqualTo(1);
        assertThat(roi.get("/api/disclosures/patients/" + patientId + "/accounting?from=yesterday").statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_patient_access_request_is_extended_once_with_a_timely_notice_stating_its_reasons() throws Exception {
        long patientId = patient(14);
        Api roi = Api.as(port, "roi");
        JsonNode r = json(roi.post("/api/roi/requests", request(patientId, "patient", today().minusDays(31),
                "{\"identityVerified\": true}")));
        assertThat(r.get("status").asString()).isEqualTo("received");
        assertThat(r.get("clock").asString()).isEqualTo("overdue by 1 day");
        long id = r.get("id").asLong();
        var late = roi.post("/api/roi/requests/" + id + "/extension", "{\"version\": " + r.get("version").asInt()
                + ", \"noticeSentOn\": \"" + today() + "\"}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(json(late).get("errors").get(0).get("field").asString()).isEqualTo("noticeSentOn");
        var noReason = roi.post("/api/roi/requests/" + id + "/extension", "{\"version\": " + r.get("version").asInt()
                + ", \"noticeSentOn\": \"" + today().minusDays(2) + "\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        var extended = roi.post("/api/roi/requests/" + id + "/extension", "{\"version\": " + r.get("version").asInt()
                + ", \"noticeSentOn\": \"" + today().minusDays(2) + "\", \"reason\": \"Records are in off-site storage\"}");
        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        JsonNode e = json(extended);
        assertThat(e.get("extensionReason").asString()).isEqualTo("Records are in off-site storage");
        assertThat(jdbc.sql("select extension_reason from roi_request where id = ?").param(id).query(String.class)
                .single()).isEqualTo("Records are in off-site storage");
        // the extension notice states the stored reasons and the new date
        var letter = roi.post("/api/roi/requests/" + id + "/letters", "{\"template\": \"extension\"}");
        assertThat(letter.statusCode()).as(letter.body()).isEqualTo(201);
        assertThat(StoredLetters.text(port, "roi", json(letter).get("id").asLong()))
                .contains("Records are in off-site storage").contains(today().minusDays(31).plusDays(60).toString());
        assertThat(e.get("dueOn").asString()).isEqualTo(today().minusDays(31).plusDays(60).toString());
        assertThat(jdbc.sql("select cast(due_at as date) from work_item where id = ?").param(e.get("workItemId").asLong())
                .query(LocalDate.class).single()).isEqualTo(today().plusDays(29));
        var second = roi.post("/api/roi/requests/" + id + "/extension", "{\"version\": " + e.get("version").asInt()
                + ", \"noticeSentOn\": \"" + today().minusDays(1) + "\", \"reason\": \"again\"}");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("only one 30-day extension");
    }

    @Test
    void intake_names_the_bad_field_and_changes_nothing() {
        long patientId = patient(15);
        Api roi = Api.as(port, "roi");
        long before = jdbc.sql("select count(*) from roi_request").query(Long.class).single();
        var bad = roi.post("/api/roi/requests", request(patientId, "astrologer", today(), null));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("field").asString()).isEqualTo("requesterType");
        var future = roi.post("/api/roi/requests", request(patientId, "patient", today().plusDays(1), null));
        assertThat(json(future).get("errors").get(0).get("field").asString()).isEqualTo("receivedOn");
        assertThat(roi.post("/api/roi/requests", request(999_999_999L, "patient", today(), null)).statusCode())
                .isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from roi_request").query(Long.class).single()).isEqualTo(before);
        // a coder may not take in requests
        assertThat(Api.as(port, "coder").post("/api/roi/requests", request(patientId, "patient", today(), null))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void the_patient_is_found_by_mrn_or_by_likely_matches() {
        long patientId = patient(16);
        var p = jdbc.sql("select mrn, family_name, given_name, birth_date from patient where id = ?").param(patientId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .single();
        Api roi = Api.as(port, "roi");
        JsonNode byMrn = json(roi.post("/api/roi/patient-matches", "{\"mrn\": \"" + p[0] + "\"}"));
        assertThat(byMrn.findValuesAsString("mrn")).contains(p[0]);
        JsonNode likely = json(roi.post("/api/roi/patient-matches", "{\"name\": \"" + p[1] + ", " + p[2]
                + "\", \"birthDate\": \"" + p[3] + "\"}"));
        assertThat(likely.get(0).get("id").asLong()).isEqualTo(patientId);
        assertThat(likely.get(0).get("match").asString()).startsWith("certain");
    }

    @Test
    void the_pages_take_in_a_request_show_its_checklist_clock_and_letter_and_the_queue() {
        long patientId = patient(17);
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(patientId).query(String.class).single();
        PageSession roi = PageSession.login(port, "roi");
        assertThat(roi.get("/roi/requests/new").statusCode()).isEqualTo(200);
        var found = roi.postForm("/roi/requests/new/patients", Map.of("mrn", mrn));
        assertThat(found.body()).contains("patient-" + patientId);
        var saved = roi.postForm("/roi/requests", Map.of("patientId", String.valueOf(patientId),
                "receivedOn", today().minusDays(40).toString(), "channel", "mail", "requesterType", "personal-representative",
                "requesterName", "Pat Doe", "purpose", "continuing care elsewhere", "format", "paper", "delivery", "mail",
                "identityVerified", "true"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        var page = roi.follow(saved);
        assertThat(page.body()).contains("pended").contains("check-representative-authority")
                .contains("overdue by 10 days").contains("pend-letter");
        String path = saved.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", "");
        var letter = roi.get(path + "/pend-letter.pdf");
        assertThat(letter.statusCode()).isEqualTo(200);
        assertThat(letter.body()).startsWith("%PDF");
        String queue = roi.get("/roi").body();
        assertThat(queue).contains(path).contains("overdue by 10 days");
        var missing = roi.postForm("/roi/requests", Map.of("receivedOn", today().toString()));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("patientId");
        assertThat(roi.get("/roi/accounting/" + patientId).statusCode()).isEqualTo(200);
    }

    @Test
    void the_demo_hospital_has_requests_in_every_state_and_disclosures_to_account_for() {
        assertThat(jdbc.sql("select distinct status from roi_request").query(String.class).list())
                .contains("RECEIVED", "PENDED", "IN_PROGRESS", "COMPLETED", "DENIED", "CANCELLED");
        assertThat(jdbc.sql("select count(*) from roi_request r join work_item w on w.id = r.work_item_id"
                + " where w.item_type = 'roi-request' and w.pool_role = 'roi'").query(Long.class).single()).isGreaterThanOrEqualTo(12);
        assertThat(jdbc.sql("select count(*) from disclosure where category = 'PUBLIC_HEALTH'").query(Long.class).single())
                .isGreaterThanOrEqualTo(4);
    }
}
