package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who may read and change the record: the access gate decides and records, per patient. */
@IntegrationTest
class DocumentAccessTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long lastSeq() {
        return jdbc.sql("select max(seq) from audit_event").query(Long.class).single();
    }

    @Test
    void a_physician_outside_the_patients_care_is_refused_and_the_refusal_is_audited() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        var created = Api.as(port, "him").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"lab-report\",\"body\":\"Hemoglobin 9.1 g/dL.\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        long before = lastSeq();

        var read = Api.as(port, "drsmith").get("/api/documents/" + id + "/content");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).doesNotContain("Hemoglobin");
        assertThat(Api.as(port, "drsmith").get("/api/patients/" + patientId + "/documents").statusCode()).isEqualTo(403);
        var write = Api.as(port, "drsmith").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"progress-note\",\"body\":\"Seen.\"}");
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(PageSession.login(port, "drsmith").get("/patients/" + patientId + "/record/" + id).statusCode())
                .isEqualTo(403);

        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and username = 'drsmith' and outcome = 'DENIED'"
                + " and patient_id = ? and category = 'CLINICAL_DOCUMENTS'").params(before, patientId)
                .query(Long.class).single()).isEqualTo(4);
        // in her care, she reads it
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        var mine = Api.as(port, "drsmith").get("/api/patients/" + care.patientId() + "/documents");
        assertThat(mine.statusCode()).isEqualTo(200);
    }

    @Test
    void roles_without_document_permissions_are_refused_by_address() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        assertThat(Api.as(port, "auditor").get("/api/patients/" + patientId + "/documents").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "coder").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"progress-note\",\"body\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "coder").get("/api/scan-batches").statusCode()).isEqualTo(403);
    }

    @Test
    void entered_in_error_leaves_the_chart_but_HIM_still_sees_it_with_its_reason() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        var created = Api.as(port, "drsmith").post("/api/patients/" + care.patientId() + "/documents",
                "{\"typeCode\":\"progress-note\",\"body\":\"Wrong patient note.\"}");
        JsonNode d = JSON.readTree(created.body());
        long id = d.get("id").asLong();
        Api.as(port, "drsmith").post("/api/documents/" + id + "/sign", "{\"version\":0}");

        var noReason = Api.as(port, "him").post("/api/documents/" + id + "/entered-in-error", "{\"version\":1,\"reason\":\" \"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("\"field\":\"reason\"");
        assertThat(Api.as(port, "drsmith").post("/api/documents/" + id + "/entered-in-error",
                "{\"version\":1,\"reason\":\"mine\"}").statusCode()).as("needs document.index").isEqualTo(403);
        var marked = Api.as(port, "him").post("/api/documents/" + id + "/entered-in-error",
                "{\"version\":1,\"reason\":\"Filed in the wrong chart\"}");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(JSON.readTree(marked.body()).get("status").asString()).isEqualTo("entered-in-error");

        assertThat(Api.as(port, "drsmith").get("/api/documents/" + id).statusCode()).isEqualTo(404);
        assertThat(Api.as(port, "drsmith").get("/api/patients/" + care.patientId() + "/documents").body())
                .doesNotContain("\"id\":" + id + ",");
        JsonNode seen = JSON.readTree(Api.as(port, "him").get("/api/documents/" + id).body());
        assertThat(seen.get("enteredInErrorReason").asString()).isEqualTo("Filed in the wrong chart");
        assertThat(Api.as(port, "him").get("/api/patients/" + care.patientId() + "/documents").body())
                .contains("\"id\":" + id + ",");
        String page = PageSession.login(port, "him").get("/patients/" + care.patientId() + "/record/" + id).body();
        assertThat(page).contains("Filed in the wrong chart").contains("Wrong patient note.");
    }

    @Test
    void a_stale_version_is_refused_with_409() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        long id = JSON.readTree(Api.as(port, "drsmith").post("/api/patients/" + care.patientId() + "/documents",
                "{\"typeCode\":\"progress-note\",\"body\":\"v1\"}").body()).get("id").asLong();
        assertThat(Api.as(port, "drsmith").put("/api/documents/" + id, "{\"version\":0,\"body\":\"v2\"}").statusCode())
                .isEqualTo(200);
        var stale = Api.as(port, "drsmith").put("/api/documents/" + id, "{\"version\":0,\"body\":\"v2 again\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Api.as(port, "drsmith").get("/api/documents/" + id + "/content?version=1").body()).isEqualTo("v1");
        assertThat(Api.as(port, "drsmith").get("/api/documents/" + id + "/content").body()).isEqualTo("v2");
    }
}
