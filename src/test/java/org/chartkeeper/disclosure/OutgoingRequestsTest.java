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

/** Requests to outside facilities: tracked with a follow-up clock until received; received records go to indexing. */
@IntegrationTest
class OutgoingRequestsTest {

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

    private long patient() {
        return jdbc.sql("select id from patient where not restricted and status = 'active' order by id offset 30 rows"
                + " fetch first 1 rows only").query(Long.class).single();
    }

    private JsonNode create(long patientId, LocalDate sent) {
        var r = Api.as(port, "roi").post("/api/roi/outgoing", "{\"patientId\": " + patientId
                + ", \"facility\": \"Valley Orthopedic Clinic\", \"facilityContact\": \"HIM fax 555-0100\","
                + " \"askedFor\": \"Operative report and imaging, 2025\", \"purpose\": \"continuing care\","
                + " \"sentOn\": \"" + sent + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void received_records_go_into_the_scan_indexing_queue_linked_back_to_the_request() {
        JsonNode o = create(patient(), today().minusDays(3));
        long id = o.get("request").get("id").asLong();
        assertThat(o.get("status").asString()).isEqualTo("sent");
        assertThat(o.get("request").get("followUpOn").asString()).isEqualTo(today().plusDays(11).toString());
        assertThat(o.get("clock").asString()).isEqualTo("follow-up 11 days left");

        var missing = new Multipart().field("version", "0").post(port, "roi", "/api/roi/outgoing/" + id + "/receipt");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("files");

        var received = new Multipart().field("version", "0").file("files", "valley-ortho.pdf", "application/pdf",
                onePagePdf()).post(port, "roi", "/api/roi/outgoing/" + id + "/receipt");
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        JsonNode r = json(received);
        assertThat(r.get("status").asString()).isEqualTo("received");
        long batchId = r.get("request").get("scanBatchId").asLong();
        var batch = jdbc.sql("select name, work_item_id from scan_batch where id = ?").param(batchId)
                .query((rs, n) -> Map.of("name", rs.getString(1), "item", rs.getLong(2))).single();
        assertThat((String) batch.get("name")).isEqualTo(String.format("OUT-%06d", id) + " from Valley Orthopedic Clinic");
        assertThat(jdbc.sql("select item_type || '/' || status from work_item where id = ?").param(batch.get("item"))
                .query(String.class).single()).isEqualTo("scan-indexing/OPEN");
        // the indexer sees the batch
        assertThat(Api.as(port, "him").get("/api/scan-batches").body()).contains(String.format("OUT-%06d", id));
        // and it cannot be received twice
        var again = new Multipart().field("version", String.valueOf(r.get("request").get("version").asInt()))
                .file("files", "again.pdf", "application/pdf", onePagePdf()).post(port, "roi", "/api/roi/outgoing/" + id + "/receipt");
        assertThat(again.statusCode()).isEqualTo(400);
    }

    @Test
    void an_overdue_follow_up_shows_on_the_page_and_a_follow_up_moves_the_clock() {
        JsonNode o = create(patient(), today().minusDays(20));
        long id = o.get("request").get("id").asLong();
        assertThat(o.get("overdue").asBoolean()).isTrue();
        assertThat(o.get("clock").asString()).isEqualTo("follow-up overdue by 6 days");
        PageSession page = PageSession.login(port, "roi");
        String list = page.get("/roi/outgoing").body();
        assertThat(list).contains("id=\"outgoing-" + id + "\" class=\"overdue\"");
        var followed = Api.as(port, "roi").post("/api/roi/outgoing/" + id + "/follow-up",
                "{\"version\": 0, \"note\": \"Called the HIM desk; they will fax today\"}");
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        assertThat(json(followed).get("status").asString()).isEqualTo("follow-up");
        assertThat(json(followed).get("request").get("followUpOn").asString()).isEqualTo(today().plusDays(14).toString());
        var cancelled = Api.as(port, "roi").post("/api/roi/outgoing/" + id + "/cancel", "{\"version\": "
                + json(followed).get("request").get("version").asInt() + ", \"reason\": \"\"}");
        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(cancelled.body()).contains("reason");
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
}
