package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Productivity: charts final coded per hour of coding session, by coder, patient type and day or week. */
@IntegrationTest
class CodingProductivityApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    void session(long encounter, String coder, String type, String start, int minutes, boolean ended, boolean finalized) {
        OffsetDateTime s = OffsetDateTime.parse(start);
        jdbc.sql("insert into coding_session (encounter_id, coder, encounter_class, started_at, last_activity_at, ended_at,"
                        + " finalized) values (?, ?, ?, ?, ?, ?, ?)")
                .params(encounter, coder, type, s, s.plusMinutes(minutes), ended ? s.plusMinutes(minutes) : null, finalized)
                .update();
    }

    @Test
    void charts_per_hour_is_final_coded_charts_over_session_hours_by_coder_type_and_day() {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        // 2019-03-04 is a Monday; the coder "prodtest" exists only in this test
        session(e, "prodtest", "INPATIENT", "2019-03-04T09:00:00Z", 40, true, true);
        session(e, "prodtest", "INPATIENT", "2019-03-04T10:00:00Z", 20, true, true);
        session(e, "prodtest", "INPATIENT", "2019-03-04T11:00:00Z", 30, false, false);   // left open: to its last activity
        session(e, "prodtest", "OUTPATIENT", "2019-03-05T09:00:00Z", 15, true, true);
        session(e, "prodtest", "OUTPATIENT", "2019-03-05T13:00:00Z", 600, true, true);    // counted as 4 hours at most
        HttpResponse<String> r = Api.as(port, "director").get("/api/coding/productivity?from=2019-03-04&to=2019-03-10&per=day");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        JsonNode monday = null;
        JsonNode tuesday = null;
        for (JsonNode row : report.get("rows")) {
            if (!row.get("coder").asString().equals("prodtest")) continue;
            if (row.get("period").asString().equals("2019-03-04")) monday = row;
            if (row.get("period").asString().equals("2019-03-05")) tuesday = row;
        }
        assertThat(monday.get("encounterClass").asString()).isEqualTo("INPATIENT");
        assertThat(monday.get("charts").asLong()).isEqualTo(2);
        assertThat(monday.get("hours").asDouble()).isEqualTo(1.5);
        assertThat(monday.get("chartsPerHour").asDouble()).isEqualTo(1.33);
        assertThat(tuesday.get("charts").asLong()).isEqualTo(2);
        assertThat(tuesday.get("hours").asDouble()).isEqualTo(4.25);
        assertThat(tuesday.get("chartsPerHour").asDouble()).isEqualTo(0.47);

        JsonNode week = JSON.readTree(Api.as(port, "director").get("/api/coding/productivity?from=2019-03-04&to=2019-03-10&per=week").body());
        JsonNode coder = null;
        for (JsonNode c : week.get("byCoder")) if (c.get("coder").asString().equals("prodtest")) coder = c;
        assertThat(coder.get("charts").asLong()).isEqualTo(4);
        assertThat(coder.get("hours").asDouble()).isEqualTo(5.75);
        assertThat(coder.get("chartsPerHour").asDouble()).isEqualTo(0.7);
        assertThat(week.get("rows").toString()).contains("\"period\":\"2019-03-04\"").doesNotContain("\"period\":\"2019-03-05\"");
    }

    @Test
    void opening_the_workspace_starts_a_session_and_final_coding_ends_it() {
        long e = CodingFixtures.encounter(jdbc, "OUTPATIENT");
        assertThat(Api.as(port, "coder").get("/api/encounters/" + e + "/coding/workspace").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from coding_session where encounter_id = ? and coder = 'coder' and ended_at is null")
                .param(e).query(Long.class).single()).isEqualTo(1);
        Api.as(port, "coder").put("/api/encounters/" + e + "/coding", "{\"diagnoses\":[{\"code\":\"I10\"}],\"procedures\":[],\"version\":0}");
        Api.as(port, "coder").post("/api/encounters/" + e + "/coding/finalize", "{\"version\":1}");
        assertThat(jdbc.sql("select count(*) from coding_session where encounter_id = ? and finalized and ended_at is not null")
                .param(e).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from coding_session where encounter_id = ?").param(e).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_bad_period_is_named() {
        HttpResponse<String> r = Api.as(port, "director").get("/api/coding/productivity?per=month");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"per\"");
        assertThat(Api.as(port, "director").get("/api/coding/productivity?from=2019-03-10&to=2019-03-01").statusCode()).isEqualTo(400);
    }
}
