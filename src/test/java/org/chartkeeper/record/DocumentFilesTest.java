package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

/** Uploaded files: checked by content, stored by SHA-256, verified on every read (ONC 170.315(d)(8)), searchable. */
@IntegrationTest
class DocumentFilesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ContentStore store;

    long patient() {
        return RecordFixtures.notInCareOf(jdbc, "drsmith");
    }

    JsonNode upload(long patientId, String name, String type, byte[] bytes) {
        return upload(patientId, name, type, null, bytes);
    }

    JsonNode upload(long patientId, String name, String type, String serviceAt, byte[] bytes) {
        var form = new Multipart().file("file", name, "application/octet-stream", bytes).field("typeCode", type);
        if (serviceAt != null) form = form.field("serviceAt", serviceAt);
        var r = form.post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    @Test
    void a_file_edited_on_disk_fails_its_SHA_256_check_and_is_never_served() throws Exception {
        long patientId = patient();
        byte[] original = RecordFixtures.pdf("Potassium 3.1 mmol/L");
        JsonNode d = upload(patientId, "outside-labs.pdf", "outside-record", original);
        long id = d.get("id").asLong();
        var first = Api.as(port, "him").get("/api/documents/" + id + "/content");
        assertThat(first.statusCode()).isEqualTo(200);
        String sha = first.headers().firstValue("X-Content-SHA256").orElseThrow();

        Path file = store.path(sha);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01; // one bit flipped behind the application's back
        Files.write(file, bytes);

        long before = jdbc.sql("select max(seq) from audit_event").query(Long.class).single();
        var api = Api.as(port, "him").get("/api/documents/" + id + "/content");
        assertThat(api.statusCode()).isEqualTo(500);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(api.body()).contains("Integrity failure").contains("not shown").doesNotContain("Potassium");
        var page = PageSession.login(port, "him").get("/patients/" + patientId + "/record/" + id + "/content");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).contains("failed its integrity check").doesNotContain("%PDF");

        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and outcome = 'FAILURE' and patient_id = ?"
                        + " and resource_id = ? and detail like 'integrity failure%'")
                .params(before, patientId, String.valueOf(id)).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'record-integrity' and subject_id = ?")
                .param(id).query(Long.class).single()).as("one work item, however often it is read").isEqualTo(1);

        // filing the same content again restores the damaged copy: the document reads again
        upload(patientId, "outside-labs-copy.pdf", "outside-record", original);
        assertThat(Api.as(port, "him").get("/api/documents/" + id + "/content").statusCode()).isEqualTo(200);
    }

    @Test
    void text_changed_in_the_database_fails_its_SHA_256_check_too() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        var r = Api.as(port, "drsmith").post("/api/patients/" + care.patientId() + "/documents",
                "{\"typeCode\":\"progress-note\",\"body\":\"No allergies.\"}");
        long id = JSON.readTree(r.body()).get("id").asLong();
        jdbc.sql("update document_version set body = 'Allergic to penicillin.' where document_id = ?").param(id).update();
        var read = Api.as(port, "drsmith").get("/api/documents/" + id + "/content");
        assertThat(read.statusCode()).isEqualTo(500);
        assertThat(read.body()).contains("Integrity failure").doesNotContain("penicillin");
    }

    @Test
    void an_exe_renamed_pdf_is_refused_and_nothing_is_stored() {
        long patientId = patient();
        long docs = jdbc.sql("select count(*) from document").query(Long.class).single();
        var exe = new Multipart().file("file", "discharge.pdf", "application/pdf", RecordFixtures.exe())
                .field("typeCode", "outside-record").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(exe.statusCode()).isEqualTo(400);
        assertThat(exe.body()).contains("\"field\":\"file\"").contains("discharge.pdf")
                .contains("its content is not a PDF, TIFF, PNG or JPEG file");

        var png = new Multipart().file("file", "scan.pdf", "application/pdf", RecordFixtures.png("page"))
                .field("typeCode", "outside-record").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(png.statusCode()).isEqualTo(400);
        assertThat(png.body()).contains("named as a PDF file but its content is a PNG file");

        var exeByName = new Multipart().file("file", "setup.exe", "application/octet-stream", RecordFixtures.exe())
                .field("typeCode", "outside-record").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(exeByName.statusCode()).isEqualTo(400);
        assertThat(exeByName.body()).contains("is not a PDF, TIFF, PNG or JPEG file");

        byte[] truncated = java.util.Arrays.copyOf(RecordFixtures.pdf("Half a file"), 40);
        var broken = new Multipart().file("file", "broken.pdf", "application/pdf", truncated)
                .field("typeCode", "outside-record").post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("cannot be opened");
        assertThat(jdbc.sql("select count(*) from document").query(Long.class).single()).isEqualTo(docs);
    }

    @Test
    void pdf_tiff_png_and_jpeg_are_accepted_with_their_page_counts() {
        long patientId = patient();
        assertThat(upload(patientId, "labs.pdf", "outside-record", RecordFixtures.pdf("one", "two", "three"))
                .get("pageCount").asInt()).isEqualTo(3);
        JsonNode tiff = upload(patientId, "fax.TIF", "outside-record", RecordFixtures.tiff("p1", "p2"));
        assertThat(tiff.get("pageCount").asInt()).isEqualTo(2);
        assertThat(tiff.get("mediaType").asString()).isEqualTo("image/tiff");
        assertThat(upload(patientId, "photo.png", "outside-record", RecordFixtures.png("wound")).get("mediaType")
                .asString()).isEqualTo("image/png");
    }

    @Test
    void the_chart_finds_words_in_an_uploaded_pdf_and_filters_by_type_and_date() {
        long patientId = patient();
        upload(patientId, "echo.pdf", "outside-record", RecordFixtures.pdf("Echocardiogram: ejection fraction 35 percent"));
        var found = Api.as(port, "him").post("/api/patients/" + patientId + "/documents/search",
                "{\"q\":\"EJECTION fraction\"}");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).size()).isEqualTo(1);
        var none = Api.as(port, "him").post("/api/patients/" + patientId + "/documents/search", "{\"q\":\"ejection 100%\"}");
        assertThat(JSON.readTree(none.body()).size()).isZero();
        long recent = upload(patientId, "dc-2024.pdf", "discharge-summary", "2024-03-10T12:00:00Z",
                RecordFixtures.pdf("Discharge summary, March 2024")).get("id").asLong();
        long older = upload(patientId, "dc-2019.pdf", "discharge-summary", "2019-06-01T12:00:00Z",
                RecordFixtures.pdf("Discharge summary, June 2019")).get("id").asLong();
        var byType = Api.as(port, "him").get("/api/patients/" + patientId + "/documents?type=discharge-summary");
        assertThat(byType.statusCode()).isEqualTo(200);
        assertThat(ids(byType.body())).as("both discharge summaries").contains(recent, older);
        assertThat(types(byType.body())).as("and nothing else, not the echo report").containsOnly("discharge-summary");
        var byTypeAndDate = Api.as(port, "him").get("/api/patients/" + patientId
                + "/documents?type=discharge-summary&from=2020-01-01");
        assertThat(ids(byTypeAndDate.body())).as("only the one served after the from date").contains(recent)
                .doesNotContain(older);
        assertThat(types(byTypeAndDate.body())).containsOnly("discharge-summary");
        var byDate = Api.as(port, "him").get("/api/patients/" + patientId + "/documents?from=2019-06-01&to=2019-06-01");
        assertThat(ids(byDate.body())).contains(older).doesNotContain(recent);
        JSON.readTree(byDate.body()).forEach(d -> assertThat(d.get("serviceAt").asString()).startsWith("2019-06-01"));
        var badDate = Api.as(port, "him").get("/api/patients/" + patientId + "/documents?from=yesterday");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("\"field\":\"from\"");
    }

    static java.util.List<Long> ids(String body) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        JSON.readTree(body).forEach(d -> ids.add(d.get("id").asLong()));
        return ids;
    }

    static java.util.List<String> types(String body) {
        java.util.List<String> types = new java.util.ArrayList<>();
        JSON.readTree(body).forEach(d -> types.add(d.get("type").asString()));
        return types;
    }
}
