package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Retention periods come from the document type; a legal hold keeps a document off the destruction list. */
@IntegrationTest
class RetentionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_document_past_its_types_retention_is_due_for_destruction_unless_on_legal_hold() {
        long patientId = RecordFixtures.notInCareOf(jdbc, "drsmith");
        var created = Api.as(port, "him").post("/api/patients/" + patientId + "/documents",
                "{\"typeCode\":\"correspondence\",\"body\":\"Letter to the patient.\",\"serviceAt\":\"2015-06-01T10:00:00Z\"}");
        JsonNode d = JSON.readTree(created.body());
        long id = d.get("id").asLong();
        int version = d.get("version").asInt();

        // correspondence is kept 7 years: due in 2023, not in 2022
        JsonNode due = JSON.readTree(Api.as(port, "him").post("/api/record/retention", "{\"asOf\":\"2023-01-01\",\"typeCode\":\"correspondence\",\"limit\":1000}").body());
        assertThat(due.get("documents").valueStream().map(n -> n.get("id").asLong())).contains(id);
        JsonNode early = JSON.readTree(Api.as(port, "him").post("/api/record/retention", "{\"asOf\":\"2022-05-31\",\"typeCode\":\"correspondence\",\"limit\":1000}").body());
        assertThat(early.get("documents").valueStream().map(n -> n.get("id").asLong())).doesNotContain(id);

        var hold = Api.as(port, "him").post("/api/documents/" + id + "/legal-hold", "{\"version\":" + version + ",\"hold\":true}");
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(200);
        assertThat(JSON.readTree(hold.body()).get("legalHold").asBoolean()).isTrue();
        JsonNode held = JSON.readTree(Api.as(port, "him").post("/api/record/retention", "{\"asOf\":\"2030-01-01\",\"typeCode\":\"correspondence\",\"limit\":1000}").body());
        assertThat(held.get("documents").valueStream().map(n -> n.get("id").asLong())).doesNotContain(id);
        assertThat(held.get("onLegalHold").asLong()).isPositive();

        assertThat(Api.as(port, "drsmith").post("/api/record/retention", "{}").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "him").post("/api/record/retention", "{\"asOf\":\"soon\"}").statusCode()).isEqualTo(400);
        var unknownType = Api.as(port, "him").post("/api/record/retention", "{\"typeCode\":\"scrolls\"}");
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.body()).contains("typeCode");
    }
}
