package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.chartkeeper.PageSession;
import org.chartkeeper.web.PatientData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every page and API endpoint marked {@link PatientData} that answers GET, calls it as a user allowed to see
 * the patient, and proves the call left an audit event naming that patient. Path variables are filled with a demo
 * patient ({@code id}, {@code patientId}), one of its encounters ({@code encounterId}), a queue item about that patient ({@code itemId}) and its queue ({@code type}),
 * a document in the patient's record ({@code documentId}) and a scanned batch indexed to the patient ({@code batchId},
 * {@code pageNo}; called as an HIM technician, who indexes scans) and a release-of-information request about the
 * patient ({@code requestId}), taken through to a built release package, a consent ({@code consentId}) and a physician
 * query about its encounter ({@code queryId}). (POST handlers that show patient data,
 * such as searches, are covered by their own tests, which assert the SEARCH event.)
 */
@IntegrationTest
class EveryPatientDataEndpointIsAuditedTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    JdbcClient jdbc;

    @Test
    void every_GET_endpoint_that_shows_patient_data_leaves_an_audit_event_for_that_patient() {
        long patientId = jdbc.sql("select min(id) from patient where not restricted").query(Long.class).single();
        // a duplicate candidate about this patient, so that duplicate lists have patient data to show
        jdbc.sql("insert into duplicate_candidate (patient_a, patient_b, score, grade, status, found_at) select ?,"
                        + " (select max(id) from patient), 0.99, 'certain', 'open', current_timestamp where not exists"
                        + " (select 1 from duplicate_candidate where patient_a = ?)")
                .params(patientId, patientId).update();
        // a queue item about this patient, so that queue pages have patient data to show
        var grant = Api.as(port, "drjones").post("/api/break-glass",
                "{\"patientId\": " + patientId + ", \"reason\": \"Covering the ICU tonight; patient deteriorating\"}");
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(201);
        long itemId = jdbc.sql("select max(id) from work_item where item_type = 'breakglass-review' and patient_id = ?")
                .param(patientId).query(Long.class).single();
        // an encounter of this patient, for the encounter's pages and API (coding)
        Long encounterId = jdbc.sql("select id from encounter where patient_id = ? order by id limit 1").param(patientId)
                .query(Long.class).optional().orElse(null);
        if (encounterId == null) {
            jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at)"
                    + " values (?, 'AUDITWALK1', 'OUTPATIENT', 'finished', current_timestamp)").param(patientId).update();
            encounterId = jdbc.sql("select min(id) from encounter where patient_id = ?").param(patientId).query(Long.class).single();
        }
        // a document in the patient's record, and a scanned batch whose first document is indexed to the patient
        var doc = Api.as(port, "him").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\": \"lab-report\", \"body\": \"Sodium 139 mmol/L\"}");
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(201);
        String documentId = doc.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        var batch = new Multipart().file("files", "scan.pdf", "application/pdf", onePagePdf())
                .post(port, "him", "/api/scan-batches/uploads");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        String batchId = batch.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        var indexed = Api.as(port, "him").put("/api/scan-batches/" + batchId + "/documents/1", "{\"patientId\": "
                + patientId + ", \"typeCode\": \"outside-record\", \"serviceDate\": \"2024-03-01\"}");
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(200);
        // a release-of-information request about the patient, pended (its letter names what is missing)
        var roiRequest = Api.as(port, "roi").post("/api/roi/requests", "{\"patientId\": " + patientId
                + ", \"receivedOn\": \"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\", \"channel\": \"mail\","
                + " \"requesterType\": \"patient\", \"requesterName\": \"The patient\", \"purpose\": \"personal use\","
                + " \"format\": \"pdf\", \"delivery\": \"mail\"}");
        assertThat(roiRequest.statusCode()).as(roiRequest.body()).isEqualTo(201);
        String requestId = roiRequest.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        // a deficiency about the patient and a notice that names it, for the chart-completion pages and API
        // (long overdue, so that it leads every list; drsmith answers for it, so that it is in a physician's own queue;
        // a delinquent record too, for the delinquency report)
        long drsmith = jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drsmith'")
                .query(Long.class).single();
        Map<String, String> values = new java.util.HashMap<>(Map.of("id", String.valueOf(patientId), "patientId", String.valueOf(patientId),
                "itemId", String.valueOf(itemId), "type", "breakglass-review", "documentId", documentId,
                "batchId", batchId, "pageNo", "1", "requestId", requestId, "encounterId", String.valueOf(encounterId)));
        // a physician query about the patient's encounter, citing a document of it ({queryId})
        var cited = Api.as(port, "him").post("/api/patients/" + patientId + "/documents", "{\"typeCode\": \"lab-report\","
                + " \"encounterId\": " + encounterId + ", \"body\": \"Lactate 4.1 mmol/L\"}");
        assertThat(cited.statusCode()).as(cited.body()).isEqualTo(201);
        long openEnded = jdbc.sql("select id from query_template where code = 'clinical-clarification'").query(Long.class).single();
        var query = Api.as(port, "him").post("/api/queries", "{\"encounterId\": " + encounterId + ", \"providerId\": " + drsmith
                + ", \"templateId\": " + openEnded + ", \"indicators\": [{\"documentId\": "
                + cited.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1") + ", \"excerpt\": \"Lactate 4.1 mmol/L\"}]}");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(201);
        String queryId = query.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        values.put("queryId", queryId);
        // a coding quality review of the patient's encounter (the reviewer's page and API)
        jdbc.sql("insert into coding_review (encounter_id, patient_id, coder, encounter_class, finalized_at, sampled_because,"
                + " status, version) values (?, ?, 'coder', 'OUTPATIENT', current_timestamp, 'audit walk', 'open', 1)")
                .params(encounterId, patientId).update();
        String reviewId = String.valueOf(jdbc.sql("select max(id) from coding_review where patient_id = ?").param(patientId)
                .query(Long.class).single());
        values.put("reviewId", reviewId);
        // ... its fulfillment under way (identity verified, started, the scanned document released in a package), and a
        // consent of the patient's on file
        String consentId = releasePackage(requestId, patientId);
        values.put("consentId", consentId);
        // patient-rights requests about the patient: an amendment (of a signed document), an accounting request
        // (delivered, so it has a letter) and an outgoing request
        long signedDocument = jdbc.sql("select min(id) from document where patient_id = ? and status in"
                + " ('signed','final','amended')").param(patientId).query(Long.class).single();
        var amendment = Api.as(port, "roi").post("/api/roi/amendments", "{\"patientId\": " + patientId
                + ", \"documentId\": " + signedDocument + ", \"receivedOn\": \"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                + "\", \"requestedBy\": \"The patient\", \"whatIsWrong\": \"wrong value\", \"proposedChange\": \"right value\"}");
        assertThat(amendment.statusCode()).as(amendment.body()).isEqualTo(201);
        String amendmentId = amendment.body().replaceAll("^.*?\"request\":\\{\"id\":(\\d+),.*$", "$1");
        var accounting = Api.as(port, "roi").post("/api/roi/accounting-requests", "{\"patientId\": " + patientId
                + ", \"receivedOn\": \"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\", \"requestedBy\": \"The patient\"}");
        assertThat(accounting.statusCode()).as(accounting.body()).isEqualTo(201);
        String accountingRequestId = accounting.body().replaceAll("^.*?\"request\":\\{\"id\":(\\d+),.*$", "$1");
        var accountingVersion = jdbc.sql("select version from accounting_request where id = ?")
                .param(Long.parseLong(accountingRequestId)).query(Integer.class).single();
        var delivered = Api.as(port, "roi").post("/api/roi/accounting-requests/" + accountingRequestId + "/delivery",
                "{\"version\": " + accountingVersion + "}");
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        String letterId = String.valueOf(jdbc.sql("select letter_id from accounting_request where id = ?")
                .param(Long.parseLong(accountingRequestId)).query(Long.class).single());
        var outgoing = Api.as(port, "roi").post("/api/roi/outgoing", "{\"patientId\": " + patientId
                + ", \"facility\": \"Valley Clinic\", \"askedFor\": \"records\", \"purpose\": \"continuing care\"}");
        assertThat(outgoing.statusCode()).as(outgoing.body()).isEqualTo(201);
        String outgoingId = outgoing.body().replaceAll("^.*?\"request\":\\{\"id\":(\\d+),.*$", "$1");
        values.put("amendmentId", amendmentId);
        values.put("accountingRequestId", accountingRequestId);
        values.put("letterId", letterId);
        values.put("outgoingId", outgoingId);
        // (last, after every fixture that changes the record: a change analyses the encounter again, which would
        // resolve these hand-made items)
        for (String rule : new String[] {"hp-admission", "record-complete"}) {
            jdbc.sql("insert into deficiency (encounter_id, patient_id, rule_code, item_key, kind, type_code, due_at, status,"
                    + " opened_at, responsible_provider_id) values (?, ?, ?, 'audit-walk', 'missing', null,"
                    + " timestamp with time zone '2001-01-01 00:00:00+00', 'open', current_timestamp, ?)")
                    .params(encounterId, patientId, rule, drsmith).update();
        }
        String deficiencyId = String.valueOf(jdbc.sql("select min(id) from deficiency where patient_id = ? and item_key = 'audit-walk'")
                .param(patientId).query(Long.class).single());
        jdbc.sql("insert into notice (stage_code, provider_id, recipient_provider_id, recipient_text, item_count, created_at)"
                + " values ('reminder', ?, ?, 'audit walk', 1, current_timestamp)").params(drsmith, drsmith).update();
        String noticeId = String.valueOf(jdbc.sql("select max(id) from notice").query(Long.class).single());
        jdbc.sql("insert into notice_item (notice_id, deficiency_id, stage_code) values (?, ?, 'reminder')")
                .params(Long.parseLong(noticeId), Long.parseLong(deficiencyId)).update();
        values.put("deficiencyId", deficiencyId);
        values.put("noticeId", noticeId);
        // a certificate of destruction naming the patient (the certificates list)
        jdbc.sql("insert into document_destruction (document_id, patient_id, mrn, type_code, title, service_at, content_sha256,"
                + " retention_years, destroyed_at, destroyed_by, reason) select d.id, d.patient_id, 'M-AUDIT', d.type_code, d.title,"
                + " d.service_at, 'sha', 7, current_timestamp, (select id from app_user where username = 'director'), 'audit walk'"
                + " from document d where d.id = ?").param(Long.parseLong(documentId)).update();
        // an old discharge of the patient's, not coded: the coding queue lists the oldest discharges first (500 at
        // most), and the demo's encounters are dated relative to today, so the patient's own may fall past the page
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at)"
                + " values (?, 'AUDITWALK-OLD', 'OUTPATIENT', 'finished', timestamp with time zone '2000-01-01 08:00:00+00',"
                + " timestamp with time zone '2000-01-01 12:00:00+00')").param(patientId).update();
        PageSession page = PageSession.login(port, "privacy");
        Api api = Api.as(port, "privacy");
        // scanned batches are indexing work: the privacy officer has no document.index, so an HIM technician calls them
        PageSession indexerPage = PageSession.login(port, "him");
        // the author's amendment decision page needs amendment.decide: the HIM director calls it
        PageSession deciderPage = PageSession.login(port, "director");
        Api indexerApi = Api.as(port, "him");
        // a physician's own deficiency queue: drsmith, who answers for the patient's deficiency
        PageSession ownPage = PageSession.login(port, "drsmith");
        Api ownApi = Api.as(port, "drsmith");
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            if (!handler.hasMethodAnnotation(PatientData.class)) return;
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) return;
            for (String pattern : info.getPatternValues()) {
                String path = fill(pattern, values);
                if (path == null) {
                    failures.add(pattern + ": has a path variable the test cannot fill; name patient ids {id} or {patientId} (encounters {encounterId}), or teach this test the new variable");
                    continue;
                }
                long before = maxSeq();
                boolean isApi = handler.getBeanType().isAnnotationPresent(RestController.class) || path.startsWith("/api/");
                boolean indexing = path.startsWith("/record/scans") || path.startsWith("/api/scan-batches")
                        || path.startsWith("/api/record/");
                boolean own = path.contains("/completion/") && path.contains("/mine");
                int status = isApi ? (indexing ? indexerApi : own ? ownApi : api).get(path).statusCode()
                        : (indexing ? indexerPage : own ? ownPage : path.startsWith("/amendments/") ? deciderPage : page).get(path).statusCode();
                long events = jdbc.sql("select count(*) from audit_event where seq > ? and (patient_id = ? or detail like ?)")
                        .params(before, patientId, "%patients shown:%" + patientId + "%").query(Long.class).single();
                checked.add("GET " + path + " -> " + status);
                if (status != 200) failures.add("GET " + path + " answered " + status + " (expected 200 for the privacy officer)");
                else if (events == 0) failures.add("GET " + path + " showed patient data but left no audit event for the patient");
            }
        });

        assertThat(checked).as("endpoints marked @PatientData").isNotEmpty();
        assertThat(failures).as("checked: " + checked).isEmpty();
    }

    private static byte[] onePagePdf() {
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            var out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Takes the request through to a built package of the patient's filed documents; returns a new consent's id. */
    private String releasePackage(String requestId, long patientId) {
        Api roi = Api.as(port, "roi");
        String read = roi.get("/api/roi/requests/" + requestId).body();
        var validated = roi.put("/api/roi/requests/" + requestId + "/validation", "{\"version\": "
                + read.replaceAll("^.*\"version\":(\\d+),.*$", "$1") + ", \"authorization\": {\"identityVerified\": true}}");
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        int version = Integer.parseInt(validated.body().replaceAll("^.*\"version\":(\\d+),.*$", "$1"));
        assertThat(roi.post("/api/roi/requests/" + requestId + "/start", "{\"version\": " + version + "}").statusCode())
                .isEqualTo(200);
        var upload = new Multipart().file("file", "outside.pdf", "application/pdf", onePagePdf())
                .field("typeCode", "outside-record").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String filed = upload.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        var selected = roi.put("/api/roi/requests/" + requestId + "/selection", "{\"version\": 0, \"documentIds\": ["
                + filed + "]}");
        assertThat(selected.statusCode()).as(selected.body()).isEqualTo(200);
        var built = roi.post("/api/roi/requests/" + requestId + "/package", "{\"version\": 1}");
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        var consent = roi.post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"hiv\","
                + " \"purpose\": \"continuing care\", \"periodStart\": \"2025-01-01\"}");
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        return consent.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
    }

    private long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    private static String fill(String pattern, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1).split(":")[0]);
            if (value == null) return null;
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
