package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

/**
 * Destruction under the retention schedule: only what is past its retention period, never a document on legal hold,
 * all or none; the content is gone (410, the file deleted, the text erased, out of the chart and its search) and a
 * certificate of destruction with the content's SHA-256 is kept. Only the HIM director destroys.
 */
@IntegrationTest
class DestructionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REASON = "Retention schedule 2026, approved by the HIM committee";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ContentStore store;

    JsonNode oldLetter(long patientId, String text) {
        var r = Api.as(port, "him").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"correspondence\",\"body\":\"" + text + "\",\"serviceAt\":\"2010-03-01T10:00:00Z\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    JsonNode oldUpload(long patientId, byte[] pdf) {
        var r = new Multipart().file("file", "outside.pdf", "application/pdf", pdf).field("typeCode", "correspondence")
                .field("serviceAt", "2011-05-01T09:00:00Z").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    String destroy(String user, long... ids) {
        StringBuilder list = new StringBuilder();
        for (long id : ids) list.append(list.isEmpty() ? "" : ",").append(id);
        var r = Api.as(port, user).post("/api/record/destruction", "{\"documentIds\":[" + list + "],\"reason\":\"" + REASON + "\"}");
        return r.statusCode() + " " + r.body();
    }

    @Test
    void a_document_past_retention_is_destroyed_with_a_certificate_and_its_content_is_gone() throws Exception {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        long letter = oldLetter(patientId, "Zephyrine letter about the 2010 visit").get("id").asLong();
        byte[] pdf = RecordFixtures.pdf("Quillonbeck outside record of 2011");
        JsonNode upload = oldUpload(patientId, pdf);
        long file = upload.get("id").asLong();
        String sha = Api.as(port, "him").get("/api/documents/" + file + "/content").headers()
                .firstValue("X-Content-SHA256").orElseThrow();
        assertThat(Files.exists(store.path(sha))).isTrue();

        String answer = destroy("director", letter, file);
        assertThat(answer).startsWith("200 ");
        JsonNode certificates = JSON.readTree(answer.substring(4));
        assertThat(certificates.valueStream().map(c -> c.get("documentId").asLong())).containsExactlyInAnyOrder(letter, file);
        JsonNode cert = certificates.valueStream().filter(c -> c.get("documentId").asLong() == file).findFirst().orElseThrow();
        assertThat(cert.get("contentSha256").asText()).isEqualTo(sha);
        assertThat(cert.get("reason").asText()).isEqualTo(REASON);
        assertThat(cert.get("retentionYears").asInt()).isEqualTo(7);

        // the content is gone: 410 with a clear answer, the file deleted, the text erased, out of the chart and search
        var gone = Api.as(port, "him").get("/api/documents/" + file + "/content");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).contains("destroyed").doesNotContain("Exception");
        assertThat(Api.as(port, "him").get("/api/documents/" + letter + "/content").statusCode()).isEqualTo(410);
        assertThat(Api.as(port, "him").get("/api/documents/" + letter).statusCode()).isEqualTo(410);
        var fhir = Api.as(port, "him").get("/fhir/DocumentReference/" + file);
        assertThat(fhir.statusCode()).isEqualTo(410);
        assertThat(fhir.body()).contains("OperationOutcome").contains("destroyed");
        assertThat(Api.as(port, "him").get("/fhir/Binary/" + file).statusCode()).isEqualTo(410);
        assertThat(Files.exists(store.path(sha))).as("the stored file").isFalse();
        assertThat(jdbc.sql("select count(*) from document_version where document_id in (?, ?) and (body is not null"
                + " or search_text is not null)").params(letter, file).query(Long.class).single()).isZero();
        String chart = Api.as(port, "him").get("/api/patients/" + patientId + "/documents").body();
        assertThat(chart).doesNotContain("\"id\":" + letter + ",").doesNotContain("\"id\":" + file + ",");
        String search = Api.as(port, "him").post("/api/patients/" + patientId + "/documents/search", "{\"q\":\"Zephyrine\"}").body();
        assertThat(search).doesNotContain("Zephyrine");
        // no longer on the destruction list; the destruction is audited for the patient
        JsonNode list = JSON.readTree(Api.as(port, "him").post("/api/record/retention", "{\"asOf\":\"2030-01-01\",\"typeCode\":\"correspondence\",\"limit\":1000}").body());
        assertThat(list.get("documents").valueStream().map(n -> n.get("id").asLong())).doesNotContain(letter, file);
        assertThat(jdbc.sql("select count(*) from audit_event where patient_id = ? and action = 'DELETE' and resource_id in (?, ?)")
                .params(patientId, String.valueOf(letter), String.valueOf(file)).query(Long.class).single()).isEqualTo(2);
        // the certificates stay readable
        assertThat(Api.as(port, "him").get("/api/record/destructions").body()).contains("\"documentId\":" + file);
        // a second destruction of the same document is refused
        assertThat(destroy("director", letter)).startsWith("400 ").contains("already destroyed");
    }

    @Test
    void a_legal_hold_stops_destruction_and_nothing_of_the_batch_is_destroyed() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        JsonNode held = oldLetter(patientId, "Held letter");
        long free = oldLetter(patientId, "Free letter").get("id").asLong();
        var hold = Api.as(port, "him").post("/api/documents/" + held.get("id").asLong() + "/legal-hold",
                "{\"version\":" + held.get("version").asInt() + ",\"hold\":true}");
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(200);

        String answer = destroy("director", free, held.get("id").asLong());
        assertThat(answer).startsWith("400 ").contains("legal hold");
        assertThat(Api.as(port, "him").get("/api/documents/" + free + "/content").statusCode())
                .as("all or none: the other document is kept").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from document_destruction where document_id in (?, ?)")
                .params(free, held.get("id").asLong()).query(Long.class).single()).isZero();
    }

    @Test
    void a_document_within_its_retention_period_is_not_destroyed_and_only_the_director_destroys() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        var recent = Api.as(port, "him").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"correspondence\",\"body\":\"Recent letter\"}");
        long id = JSON.readTree(recent.body()).get("id").asLong();
        assertThat(destroy("director", id)).startsWith("400 ").contains("kept until");
        long old = oldLetter(patientId, "Old letter").get("id").asLong();
        assertThat(destroy("him", old)).startsWith("403 ");
        assertThat(destroy("drsmith", old)).startsWith("403 ");
        var noReason = Api.as(port, "director").post("/api/record/destruction", "{\"documentIds\":[" + old + "]}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        assertThat(Api.as(port, "him").get("/api/documents/" + old + "/content").statusCode()).isEqualTo(200);
    }

    @Test
    void the_director_destroys_from_the_retention_page() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        long old = oldLetter(patientId, "Page letter").get("id").asLong();
        PageSession director = PageSession.login(port, "director");
        assertThat(director.get("/record/retention").statusCode()).isEqualTo(200);
        var list = director.postForm("/record/retention", Map.of("asOf", "2018-01-01", "typeCode", "correspondence"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"destroy-" + old + "\"");
        var done = director.follow(director.postForm("/record/retention/destroy",
                Map.of("documentIds", String.valueOf(old), "reason", REASON)));
        assertThat(done.body()).contains("1 document(s) destroyed");
        assertThat(jdbc.sql("select count(*) from document_destruction where document_id = ?").param(old)
                .query(Long.class).single()).isEqualTo(1);
        // HIM sees the list but has no destroy button
        PageSession himSession = PageSession.login(port, "him");
        assertThat(himSession.get("/record/retention").statusCode()).isEqualTo(200);
        var him = himSession.postForm("/record/retention", Map.of("asOf", "2030-01-01"));
        assertThat(him.statusCode()).isEqualTo(200);
        assertThat(him.body()).doesNotContain("id=\"destroy\"");
        // a physician may neither list nor destroy: the page itself is refused, and the refusal recorded
        long refusals = jdbc.sql("select count(*) from audit_event where resource_type = 'RetentionReport' and outcome = 'DENIED'")
                .query(Long.class).single();
        assertThat(PageSession.login(port, "drsmith").get("/record/retention").statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where resource_type = 'RetentionReport' and outcome = 'DENIED'")
                .query(Long.class).single()).isEqualTo(refusals + 1);
    }
}
