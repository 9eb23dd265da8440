package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coding quality review: a final-coded chart sampled at the coder's rate goes to the reviewers' queue; the reviewer
 * codes blind (the coder's codes are in neither the page nor the API until submitted); accuracy code over code and
 * record over record; the accuracy report per coder.
 */
@IntegrationTest
class CodingReviewApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void defaultRate() {
        jdbc.sql("delete from coding_review_rate where coder = 'director'").update();
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    long finalizedByDirector(String dx) {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        ok(Api.as(port, "director").put("/api/encounters/" + e + "/coding", "{\"diagnoses\":" + dx
                + ",\"procedures\":[{\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],\"version\":0}"));
        ok(Api.as(port, "director").post("/api/encounters/" + e + "/coding/finalize", "{\"version\":1}"));
        return e;
    }

    @Test
    void at_100_percent_every_final_coded_chart_is_queued_for_review_and_at_0_none() {
        ok(Api.as(port, "director").put("/api/coding/review-rates/director", "{\"percent\":100}"));
        long e = finalizedByDirector("[{\"code\":\"K35.80\",\"poa\":\"Y\"}]");
        Long item = jdbc.sql("select work_item_id from coding_review where encounter_id = ?").param(e).query(Long.class).single();
        assertThat(jdbc.sql("select item_type from work_item where id = ?").param(item).query(String.class).single())
                .isEqualTo("coding-review");
        ok(Api.as(port, "director").put("/api/coding/review-rates/director", "{\"percent\":0}"));
        long f = finalizedByDirector("[{\"code\":\"K35.80\",\"poa\":\"Y\"}]");
        assertThat(jdbc.sql("select count(*) from coding_review where encounter_id = ?").param(f).query(Long.class).single()).isZero();
        assertThat(Api.as(port, "coder").put("/api/coding/review-rates/coder", "{\"percent\":50}").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "director").put("/api/coding/review-rates/director", "{\"percent\":101}").statusCode()).isEqualTo(400);
    }

    @Test
    void the_reviewer_codes_blind_then_sees_both_sides_and_the_accuracy() {
        ok(Api.as(port, "director").put("/api/coding/review-rates/director", "{\"percent\":100}"));
        long e = finalizedByDirector("[{\"code\":\"K35.80\",\"poa\":\"Y\"},{\"code\":\"E66.9\",\"poa\":\"Y\"}]");
        long review = jdbc.sql("select id from coding_review where encounter_id = ?").param(e).query(Long.class).single();

        JsonNode blind = ok(Api.as(port, "coder").get("/api/coding/reviews/" + review));
        assertThat(blind.get("status").asString()).isEqualTo("open");
        assertThat(blind.get("original").size()).isZero();
        assertThat(blind.toString()).doesNotContain("K35").doesNotContain("E66");
        String page = PageSession.login(port, "coder").get("/coding/reviews/" + review).body();
        assertThat(page).contains("review-form").doesNotContain("K35").doesNotContain("E66");

        HttpResponse<String> own = Api.as(port, "director").put("/api/coding/reviews/" + review,
                "{\"diagnoses\":[{\"code\":\"K35.80\",\"poa\":\"Y\"}],\"procedures\":[],\"version\":1}");
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(own.body()).contains("own charts");

        JsonNode done = ok(Api.as(port, "coder").put("/api/coding/reviews/" + review, "{\"diagnoses\":[{\"code\":\"K35.80\","
                + "\"poa\":\"Y\"},{\"code\":\"E66.9\",\"poa\":\"N\"}],\"procedures\":[{\"code\":\"0DTJ4ZZ\",\"date\":\"2026-01-12\"}],"
                + "\"version\":1}"));
        assertThat(done.get("status").asString()).isEqualTo("done");
        assertThat(done.get("original").size()).isEqualTo(3);
        assertThat(done.get("review").size()).isEqualTo(3);
        assertThat(done.get("dxMatched").asInt()).isEqualTo(1);   // K35.80 Y; E66.9 Y and E66.9 N differ by POA
        assertThat(done.get("dxUnion").asInt()).isEqualTo(3);
        assertThat(done.get("pxMatched").asInt()).isEqualTo(1);
        assertThat(done.get("pxUnion").asInt()).isEqualTo(1);
        assertThat(done.get("principalMatch").asBoolean()).isTrue();
        assertThat(done.get("recordMatch").asBoolean()).isFalse();
        assertThat(PageSession.login(port, "coder").get("/coding/reviews/" + review).body()).contains("K35.80");
        assertThat(jdbc.sql("select status from work_item where id = (select work_item_id from coding_review where id = ?)")
                .param(review).query(String.class).single()).isEqualTo("DONE");

        HttpResponse<String> twice = Api.as(port, "coder").put("/api/coding/reviews/" + review,
                "{\"diagnoses\":[{\"code\":\"K35.80\",\"poa\":\"Y\"}],\"procedures\":[],\"version\":2}");
        assertThat(twice.statusCode()).isEqualTo(400);

        JsonNode report = ok(Api.as(port, "director").get("/api/coding/accuracy?months=1"));
        JsonNode director = null;
        for (JsonNode c : report.get("coders")) if (c.get("coder").asString().equals("director")) director = c;
        assertThat(director).isNotNull();
        assertThat(report.get("target").asDouble()).isEqualTo(0.95);
        assertThat(report.get("disagreements").toString()).contains("E66.9 POA Y").contains("E66.9 POA N");
        var sums = jdbc.sql("select count(*), sum(dx_matched + px_matched), sum(dx_union + px_union) from coding_review"
                + " where coder = 'director' and status = 'done'").query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        assertThat(director.get("overall").get("reviews").asLong()).isEqualTo(sums[0]);
        assertThat(director.get("overall").get("codeOverCode").asDouble()).isEqualTo(Math.round(10000.0 * sums[1] / sums[2]) / 10000.0);
    }

    @Test
    void a_review_needs_the_principal_diagnosis_and_names_a_bad_code() {
        ok(Api.as(port, "director").put("/api/coding/review-rates/director", "{\"percent\":100}"));
        long e = finalizedByDirector("[{\"code\":\"K35.80\",\"poa\":\"Y\"}]");
        long review = jdbc.sql("select id from coding_review where encounter_id = ?").param(e).query(Long.class).single();
        HttpResponse<String> none = Api.as(port, "coder").put("/api/coding/reviews/" + review, "{\"diagnoses\":[],\"procedures\":[],\"version\":1}");
        assertThat(none.statusCode()).isEqualTo(400);
        HttpResponse<String> bad = Api.as(port, "coder").put("/api/coding/reviews/" + review,
                "{\"diagnoses\":[{\"code\":\"!!\"}],\"procedures\":[],\"version\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("errors").get(0).get("field").asString()).isEqualTo("diagnoses[0].code");
        assertThat(jdbc.sql("select status from coding_review where id = ?").param(review).query(String.class).single()).isEqualTo("open");
        assertThat(Api.as(port, "roi").get("/api/coding/reviews/" + review).statusCode()).isEqualTo(403);
    }
}
