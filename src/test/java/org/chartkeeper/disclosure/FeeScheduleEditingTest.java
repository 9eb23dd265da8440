package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fee schedules are edited by roi.manage only (director, privacy), over the API and on the page, with the version
 * seen; every change and every refusal is audited. Works on a schedule of its own so the seeded ones stay as they are.
 */
@IntegrationTest
class FeeScheduleEditingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CODE = "test-county-per-page";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void schedule() {
        jdbc.sql("delete from fee_schedule where code = ?").param(CODE).update();
        jdbc.sql("insert into fee_schedule (code, name, kind, first_pages, first_page_rate, page_rate, search_fee,"
                + " postage) values (?, 'County per-page schedule', 'per-page', 10, 1.00, 0.50, 15.00, 1.50)")
                .param(CODE).update();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private static String body(int version, String kind, String searchFee) {
        return "{\"version\": " + version + ", \"name\": \"County per-page schedule 2027\", \"kind\": \"" + kind
                + "\", \"firstPages\": 20, \"firstPageRate\": 1.25, \"pageRate\": 0.40, \"searchFee\": " + searchFee
                + ", \"postage\": 2.00, \"active\": true}";
    }

    private long audited(String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and resource_type ="
                + " 'FeeSchedule' and resource_id = ? and outcome = ?").params(CODE, outcome).query(Long.class).single();
    }

    @Test
    void the_director_changes_a_schedule_with_its_version_and_the_change_is_audited() {
        long before = audited("SUCCESS");
        var saved = Api.as(port, "director").put("/api/roi/fee-schedules/" + CODE, body(0, "per-page", "17.50"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode s = json(saved);
        assertThat(s.get("name").asString()).isEqualTo("County per-page schedule 2027");
        assertThat(s.get("firstPages").asInt()).isEqualTo(20);
        assertThat(s.get("pageRate").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(s.get("searchFee").decimalValue()).isEqualByComparingTo("17.50");
        assertThat(s.get("version").asInt()).isEqualTo(1);
        assertThat(audited("SUCCESS")).isEqualTo(before + 1);
        // the schedule as charged: 25 pages = 20 at 1.25 + 5 at 0.40 + the search fee
        FeeSchedule stored = jdbc.sql("select code, name, kind, flat_amount, first_pages, first_page_rate, page_rate,"
                        + " supplies_per_page, search_fee, postage, active, version from fee_schedule where code = ?")
                .param(CODE).query((rs, n) -> new FeeSchedule(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getInt(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBoolean(11),
                        rs.getInt(12))).single();
        assertThat(FeeSchedule.total(stored.charge(25, false))).isEqualByComparingTo("44.50");

        // the version seen is stale now
        var stale = Api.as(port, "director").put("/api/roi/fee-schedules/" + CODE, body(0, "per-page", "1.00"));
        assertThat(stale.statusCode()).isEqualTo(409);
    }

    @Test
    void without_roi_manage_the_change_is_refused_and_audited_and_nothing_changes() {
        long before = audited("DENIED");
        var refused = Api.as(port, "roi").put("/api/roi/fee-schedules/" + CODE, body(0, "per-page", "17.50"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(audited("DENIED")).isEqualTo(before + 1);
        assertThat(jdbc.sql("select name from fee_schedule where code = ?").param(CODE).query(String.class).single())
                .isEqualTo("County per-page schedule");
        // and the page shows the schedules without the form
        String page = PageSession.login(port, "roi").get("/roi/fee-schedules").body();
        assertThat(page).contains("County per-page schedule").doesNotContain("id=\"save-" + CODE + "\"");
    }

    @Test
    void bad_values_name_the_field_and_a_cost_based_schedule_takes_no_search_fee() {
        Api director = Api.as(port, "director");
        var search = director.put("/api/roi/fee-schedules/" + CODE, body(0, "cost-based", "5.00"));
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(json(search).get("errors").get(0).get("field").asString()).isEqualTo("searchFee");
        var kind = director.put("/api/roi/fee-schedules/" + CODE, body(0, "whatever", "0"));
        assertThat(json(kind).get("errors").get(0).get("field").asString()).isEqualTo("kind");
        var negative = director.put("/api/roi/fee-schedules/" + CODE, body(0, "per-page", "-1"));
        assertThat(json(negative).get("errors").get(0).get("field").asString()).isEqualTo("searchFee");
        assertThat(director.put("/api/roi/fee-schedules/no-such-schedule", body(0, "none", "0")).statusCode())
                .isEqualTo(404);
        assertThat(jdbc.sql("select version from fee_schedule where code = ?").param(CODE).query(Integer.class).single())
                .isZero();
    }

    @Test
    void the_page_saves_a_schedule_for_the_director() {
        PageSession director = PageSession.login(port, "director");
        assertThat(director.get("/roi/fee-schedules").body()).contains("id=\"save-" + CODE + "\"");
        var posted = director.postForm("/roi/fee-schedules/" + CODE, Map.of("version", "0", "name",
                "County schedule (page)", "kind", "per-page", "firstPages", "5", "firstPageRate", "2.00", "pageRate",
                "0.75", "searchFee", "10.00", "postage", "1.50", "active", "true"));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(director.follow(posted).body()).contains("Fee schedule County schedule (page) saved.");
        assertThat(jdbc.sql("select page_rate from fee_schedule where code = ?").param(CODE)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("0.75");
        // a cost-based schedule with a search fee is refused on the page too, next to the schedule
        var bad = director.postForm("/roi/fee-schedules/" + CODE, Map.of("version", "1", "name", "x", "kind",
                "cost-based", "searchFee", "3.00"));
        assertThat(director.follow(bad).body()).contains("id=\"error-" + CODE + "\"").contains("search or retrieval fee");
    }
}
