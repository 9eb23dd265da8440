package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A scanned batch is split, merged, indexed page by page and filed into charts; until then it waits in a queue. */
@IntegrationTest
class ScanIndexingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    JsonNode ok(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    static java.util.List<java.util.List<Integer>> pagesOf(JsonNode view) {
        java.util.List<java.util.List<Integer>> out = new java.util.ArrayList<>();
        for (JsonNode d : view.get("documents")) {
            java.util.List<Integer> pages = new java.util.ArrayList<>();
            d.get("pages").forEach(p -> pages.add(p.get("pageNo").asInt()));
            out.add(pages);
        }
        return out;
    }

    @Test
    void a_batch_is_split_merged_indexed_and_filed_into_the_chart_and_leaves_the_indexing_queue() {
        JsonNode batch = ok(new Multipart()
                .file("files", "mailroom.pdf", "application/pdf", RecordFixtures.pdf(
                        "Outside discharge summary: community-acquired pneumonia", "Discharge medications: azithromycin",
                        "Outside lab: troponin negative"))
                .file("files", "fax.tiff", "image/tiff", RecordFixtures.tiff("fax page 1", "fax page 2"))
                .field("name", "Mail room Tuesday").post(port, "him", "/api/scan-batches/uploads"));
        long batchId = batch.get("id").asLong();
        assertThat(batch.get("pageCount").asInt()).isEqualTo(5);
        long itemId = batch.get("workItemId").asLong();
        assertThat(jdbc.sql("select status from work_item where id = ?").param(itemId).query(String.class).single())
                .isEqualTo("OPEN");

        Api him = Api.as(port, "him");
        assertThat(pagesOf(ok(him.get("/api/scan-batches/" + batchId)))).containsExactly(
                java.util.List.of(1, 2, 3), java.util.List.of(4, 5));
        ok(him.post("/api/scan-batches/" + batchId + "/pages/3/split", ""));
        assertThat(pagesOf(ok(him.get("/api/scan-batches/" + batchId)))).containsExactly(
                java.util.List.of(1, 2), java.util.List.of(3), java.util.List.of(4, 5));
        JsonNode merged = ok(him.post("/api/scan-batches/" + batchId + "/pages/4/merge", ""));
        assertThat(pagesOf(merged)).containsExactly(java.util.List.of(1, 2), java.util.List.of(3, 4, 5));
        assertThat(him.post("/api/scan-batches/" + batchId + "/pages/1/merge", "").statusCode()).isEqualTo(400);
        assertThat(him.post("/api/scan-batches/" + batchId + "/pages/3/split", "").statusCode())
                .as("page 3 already starts a document").isEqualTo(400);

        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(patientId).query(String.class).single();
        int first = merged.get("documents").get(0).get("docNo").asInt();
        int second = merged.get("documents").get(1).get("docNo").asInt();
        ok(him.put("/api/scan-batches/" + batchId + "/documents/" + first, "{\"mrn\":\"" + mrn
                + "\",\"typeCode\":\"outside-record\",\"serviceDate\":\"2024-02-10\"}"));

        int version = ok(him.get("/api/scan-batches/" + batchId)).get("batch").get("version").asInt();
        var early = him.post("/api/scan-batches/" + batchId + "/file", "{\"version\":" + version + "}");
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("starting at page 3 still needs its patient, type and date");

        var badMrn = him.put("/api/scan-batches/" + batchId + "/documents/" + second,
                "{\"mrn\":\"NOPE1\",\"typeCode\":\"lab-report\",\"serviceDate\":\"2024-02-11\"}");
        assertThat(badMrn.statusCode()).isEqualTo(400);
        assertThat(badMrn.body()).contains("\"field\":\"mrn\"");
        ok(him.put("/api/scan-batches/" + batchId + "/documents/" + second, "{\"patientId\":" + patientId
                + ",\"typeCode\":\"lab-report\",\"serviceDate\":\"2024-02-11\"}"));

        JsonNode filed = ok(him.post("/api/scan-batches/" + batchId + "/file", "{\"version\":" + version + "}"));
        assertThat(filed.size()).isEqualTo(2);
        assertThat(filed.get(0).get("pageCount").asInt()).isEqualTo(2);
        assertThat(filed.get(1).get("pageCount").asInt()).isEqualTo(3);
        assertThat(filed.get(0).get("status").asString()).isEqualTo("final");
        assertThat(filed.get(0).get("source").asString()).isEqualTo("scan");

        var found = him.post("/api/patients/" + patientId + "/documents/search", "{\"q\":\"azithromycin\"}");
        assertThat(JSON.readTree(found.body()).size()).isEqualTo(1);
        var pdf = him.get("/api/documents/" + filed.get(1).get("id").asLong() + "/content");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");

        assertThat(jdbc.sql("select status from work_item where id = ?").param(itemId).query(String.class).single())
                .as("the indexing item is done").isEqualTo("DONE");
        assertThat(him.post("/api/scan-batches/" + batchId + "/file", "{\"version\":" + version + "}").statusCode())
                .as("filed once").isEqualTo(400);
    }

    @Test
    void a_renamed_executable_in_a_batch_refuses_the_whole_batch() {
        long before = jdbc.sql("select count(*) from scan_batch").query(Long.class).single();
        var r = new Multipart().file("files", "ok.png", "image/png", RecordFixtures.png("fine"))
                .file("files", "invoice.pdf", "application/pdf", RecordFixtures.exe())
                .post(port, "him", "/api/scan-batches/uploads");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"files\"").contains("invoice.pdf");
        assertThat(jdbc.sql("select count(*) from scan_batch").query(Long.class).single()).isEqualTo(before);
    }
}
