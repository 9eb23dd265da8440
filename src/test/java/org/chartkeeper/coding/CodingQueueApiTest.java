package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coding queue and DNFB over the API: discharged encounters not final coded, oldest first, with days since
 * discharge; final-coded and not-yet-discharged ones left out; filters; assignment. The encounters of each test are
 * discharged years before the demo hospital's, in a window of their own.
 */
@IntegrationTest
class CodingQueueApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Days before today around which this test's encounters are discharged (about 98 years; minDays goes up to 100):
     * long before any other test's visits. A window 11 years back one day held another test's visit, discharged on a fixed date.
     */
    private static final int BASE = 36_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Discharged {@code days} whole days and 12 hours ago (so the day count cannot tick over during the test). */
    long discharged(String type, int days) {
        OffsetDateTime discharge = OffsetDateTime.now(ZoneOffset.UTC).minusDays(days).minusHours(12);
        return CodingFixtures.encounter(jdbc, type, discharge.minusDays(2), discharge);
    }

    static String window(int fromDays, int toDays) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "from=" + today.minusDays(toDays + 1) + "&to=" + today.minusDays(fromDays - 1);
    }

    static List<Long> ids(JsonNode queue) {
        List<Long> out = new ArrayList<>();
        queue.get("entries").forEach(e -> out.add(e.get("encounterId").asLong()));
        return out;
    }

    @Test
    void the_queue_lists_discharged_uncoded_encounters_oldest_first_and_dnfb_counts_their_days() {
        long a = discharged("INPATIENT", BASE);
        long b = discharged("OUTPATIENT", BASE + 3);
        long c = discharged("INPATIENT", BASE + 10);
        long coded = discharged("INPATIENT", BASE + 5);
        ok(Api.as(port, "coder").put("/api/encounters/" + coded + "/coding", "{\"diagnoses\":[{\"code\":\"E11.9\",\"poa\":\"Y\"}],"
                + "\"procedures\":[],\"version\":0}"));
        ok(Api.as(port, "coder").post("/api/encounters/" + coded + "/coding/finalize", "{\"version\":1}"));
        long started = discharged("EMERGENCY", BASE + 1);
        ok(Api.as(port, "coder").put("/api/encounters/" + started + "/coding", "{\"diagnoses\":[{\"code\":\"I10\"}],"
                + "\"procedures\":[],\"version\":0}"));

        JsonNode q = ok(Api.as(port, "coder").get("/api/coding/queue?" + window(BASE - 10, BASE + 20)));
        assertThat(ids(q)).containsExactly(c, b, started, a);
        JsonNode first = q.get("entries").get(0);
        assertThat(first.get("days").asLong()).isEqualTo(BASE + 10);
        assertThat(first.get("encounterClass").asString()).isEqualTo("INPATIENT");
        assertThat(first.get("status").asString()).isEqualTo("not-started");
        assertThat(q.get("entries").get(2).get("status").asString()).isEqualTo("in-progress");

        JsonNode dnfb = q.get("dnfb");
        assertThat(dnfb.get("count").asLong()).isEqualTo(4);
        assertThat(dnfb.get("totalDays").asLong()).isEqualTo(4L * BASE + 14);
        assertThat(dnfb.get("averageDays").asDouble()).isEqualTo(BASE + 3.5);
        assertThat(dnfb.get("oldestDays").asLong()).isEqualTo(BASE + 10);
        assertThat(dnfb.get("buckets").get("31+").asLong()).isEqualTo(4);
        assertThat(dnfb.get("byType").get("INPATIENT").get("count").asLong()).isEqualTo(2);
        assertThat(dnfb.get("byType").get("INPATIENT").get("totalDays").asLong()).isEqualTo(2L * BASE + 10);

        // the DNFB figures alone, filtered by patient type
        JsonNode out = ok(Api.as(port, "director").get("/api/coding/dnfb?type=outpatient&" + window(BASE - 10, BASE + 20)));
        assertThat(out.get("count").asLong()).isEqualTo(1);
        assertThat(out.get("totalDays").asLong()).isEqualTo(BASE + 3);
        // at least BASE + 5 days old
        assertThat(ids(ok(Api.as(port, "coder").get("/api/coding/queue?minDays=" + (BASE + 5) + "&" + window(BASE - 10, BASE + 20))))).containsExactly(c);

        // the queue shows patients: one audit event naming them
        long patient = jdbc.sql("select patient_id from encounter where id = ?").param(a).query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from audit_event where username = 'coder' and detail like ?")
                .param("coding queue; patients shown:%" + patient + "%").query(Long.class).single()).isPositive();
    }

    @Test
    void a_chart_is_assigned_to_a_coder_and_the_queue_filters_by_coder_and_a_stale_assignment_is_refused() {
        long a = discharged("INPATIENT", BASE + 100);
        long b = discharged("INPATIENT", BASE + 101);
        String w = window(BASE + 90, BASE + 110);
        ok(Api.as(port, "director").put("/api/coding/queue/" + a + "/assignment", "{\"coder\":\"coder\",\"version\":0}"));
        assertThat(ids(ok(Api.as(port, "coder").get("/api/coding/queue?coder=coder&" + w)))).containsExactly(a);
        assertThat(ids(ok(Api.as(port, "coder").get("/api/coding/queue?coder=-&" + w)))).containsExactly(b);
        JsonNode entry = ok(Api.as(port, "coder").get("/api/coding/queue?coder=coder&" + w)).get("entries").get(0);
        assertThat(entry.get("coder").asString()).isEqualTo("coder");
        assertThat(entry.get("assignmentVersion").asInt()).isEqualTo(1);

        HttpResponse<String> stale = Api.as(port, "director").put("/api/coding/queue/" + a + "/assignment",
                "{\"coder\":null,\"version\":0}");
        assertThat(stale.statusCode()).isEqualTo(409);
        HttpResponse<String> notCoder = Api.as(port, "director").put("/api/coding/queue/" + b + "/assignment",
                "{\"coder\":\"roi\",\"version\":0}");
        assertThat(notCoder.statusCode()).isEqualTo(400);
        assertThat(notCoder.body()).contains("not a coder");
        // a coder takes a chart for themselves, not for others
        ok(Api.as(port, "coder").put("/api/coding/queue/" + b + "/assignment", "{\"coder\":\"coder\",\"version\":0}"));
        ok(Api.as(port, "director").put("/api/coding/queue/" + a + "/assignment", "{\"coder\":null,\"version\":1}"));
        assertThat(ids(ok(Api.as(port, "coder").get("/api/coding/queue?coder=-&" + w)))).containsExactly(a);
    }

    @Test
    void bad_filters_are_named_and_the_queue_needs_coding_read() {
        HttpResponse<String> bad = Api.as(port, "coder").get("/api/coding/queue?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(Api.as(port, "coder").get("/api/coding/queue?type=%3Cb%3E").statusCode()).isEqualTo(400);
        assertThat(Api.as(port, "roi").get("/api/coding/queue").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "roi").get("/api/coding/dnfb").statusCode()).isEqualTo(403);
    }
}
