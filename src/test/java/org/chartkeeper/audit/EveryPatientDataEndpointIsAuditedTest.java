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
 * patient ({@code requestId}). (POST handlers that show patient data,
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
        Map<String, String> values = Map.of("id", String.valueOf(patientId), "patientId", String.valueOf(patientId),
                "itemId", String.valueOf(itemId), "type", "breakglass-review", "documentId", documentId,
                "batchId", batchId, "pageNo", "1", "requestId", requestId, "encounterId", String.valueOf(encounterId));
        PageSession page = PageSession.login(port, "privacy");
        Api api = Api.as(port, "privacy");
        // scanned batches are indexing work: the privacy officer has no document.index, so an HIM technician calls them
        PageSession indexerPage = PageSession.login(port, "him");
        Api indexerApi = Api.as(port, "him");
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
                boolean indexing = path.startsWith("/record/scans") || path.startsWith("/api/scan-batches");
                int status = isApi ? (indexing ? indexerApi : api).get(path).statusCode()
                        : (indexing ? indexerPage : page).get(path).statusCode();
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
