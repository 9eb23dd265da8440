package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The duplicate review page, the chart's merge section with Unmerge, and the patient index page, over real HTTP. */
@IntegrationTest
class DuplicateReviewPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    MergeFixtures db;

    @BeforeEach
    void fixtures() {
        db = new MergeFixtures(jdbc, template);
    }

    @Test
    void the_review_page_shows_both_records_side_by_side_with_differences_marked_and_the_explanation() {
        LocalDate born = LocalDate.of(1950, 3, 3);
        long a = db.patient("Sidebyside", "Quinn", born, "male");
        long b = db.patient("Sidebysyde", "Quinn", born, "male");
        long candidate = db.candidateWithItem(a, b, 0.912, "family name: jaro-winkler 0.96 (+3.1)\nbirth date: exact (+6.0)");
        long item = itemOf(candidate);
        long seq = db.lastSeq();

        var page = PageSession.login(port, "him").get("/queues/duplicates/" + item);

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("Sidebyside").contains("Sidebysyde").contains("91.2 %")
                .contains("family name: jaro-winkler 0.96 (+3.1)").contains("birth date: exact (+6.0)")
                .contains("id=\"merge-form\"").contains("id=\"not-duplicate-form\"").contains("id=\"investigate-form\"");
        assertThat(html).containsPattern("<tr class=\"differs\">\\s*<th scope=\"row\">Family name</th>");
        assertThat(html).doesNotContainPattern("<tr class=\"differs\">\\s*<th scope=\"row\">Date of birth</th>");
        assertThat(html).doesNotContain("id=\"conflict-warning\"");
        assertThat(db.eventsSince(seq)).filteredOn(e -> "him".equals(e.username()) && "VIEW".equals(e.action()))
                .extracting(MergeFixtures.Event::patientId).contains(a, b);
    }

    @Test
    void a_reviewer_merges_from_the_page_and_undoes_it_from_the_survivors_chart() {
        LocalDate born = LocalDate.of(1988, 8, 8);
        long a = db.patient("Pageflow", "Rosa", born, "female");
        long b = db.patient("Pageflow", "Rosa", LocalDate.of(1988, 8, 9), "female");
        db.encounter(b);
        long candidate = db.candidateWithItem(a, b, 0.88, "birth date: one day apart");
        long item = itemOf(candidate);
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/queues/duplicates/" + item).body()).contains("id=\"conflict-warning\"").contains("id=\"override\"");

        var refused = him.postForm("/queues/duplicates/" + item + "/decide", Map.of("candidateId", String.valueOf(candidate),
                "version", "0", "decision", "merge", "survivorId", String.valueOf(a), "reason", ""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("override");
        assertThat(jdbc.sql("select status from patient where id = ?").param(b).query(String.class).single()).isEqualTo("active");

        var merged = him.postForm("/queues/duplicates/" + item + "/decide", Map.of("candidateId", String.valueOf(candidate),
                "version", "0", "decision", "merge", "survivorId", String.valueOf(a), "override", "true",
                "reason", "Birth date off by one at registration"));
        assertThat(merged.statusCode()).isEqualTo(302);
        String after = him.follow(merged).body();
        assertThat(after).contains("Merged.").contains("id=\"decided-merged\"").doesNotContain("id=\"merge-form\"");
        assertThat(jdbc.sql("select status from work_item where id = ?").param(item).query(String.class).single()).isEqualTo("DONE");

        assertThat(him.get("/patients/" + a).body()).contains("hx-get=\"/patients/" + a + "/merges\"");
        String section = him.get("/patients/" + a + "/merges").body();
        long mergeId = jdbc.sql("select id from patient_merge where candidate_id = ?").param(candidate).query(Long.class).single();
        assertThat(section).contains("id=\"unmerge-" + mergeId + "\"").contains("Birth date off by one");
        assertThat(him.get("/patients/" + b + "/merges").body()).contains("id=\"merged-notice\"");

        var undone = him.postForm("/patients/" + a + "/merges/" + mergeId + "/unmerge", Map.of("reason", "Different people after all"));
        assertThat(undone.statusCode()).isEqualTo(302);
        assertThat(him.follow(undone).body()).contains("Merge undone");
        assertThat(jdbc.sql("select status from patient where id = ?").param(b).query(String.class).single()).isEqualTo("active");
        assertThat(jdbc.sql("select count(*) from encounter where patient_id = ?").param(b).query(Long.class).single()).isEqualTo(1);
        assertThat(him.get("/patients/" + a + "/merges").body()).doesNotContain("id=\"unmerge-" + mergeId + "\"").contains("Undone");
    }

    @Test
    void a_user_without_the_merge_permission_sees_no_unmerge_button_and_cannot_unmerge() {
        LocalDate born = LocalDate.of(1999, 9, 19);
        long a = db.patient("Nobutton", "Sam", born, "male");
        long b = db.patient("Nobutton", "Sam", born, "male");
        var merged = org.chartkeeper.Api.as(port, "him").post("/api/mpi/merge", "{\"survivorId\": " + a + ", \"retiredId\": " + b + "}");
        assertThat(merged.statusCode()).isEqualTo(201);
        long mergeId = jdbc.sql("select id from patient_merge where retired_id = ?").param(b).query(Long.class).single();
        PageSession roi = PageSession.login(port, "roi");
        String section = roi.get("/patients/" + a + "/merges").body();
        assertThat(section).contains("id=\"merge-" + mergeId + "\"").doesNotContain("id=\"unmerge-" + mergeId + "\"");
        roi.get("/patients/" + a); // a full page, for its CSRF token
        var refused = roi.postForm("/patients/" + a + "/merges/" + mergeId + "/unmerge", Map.of("reason", "try"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select status from patient where id = ?").param(b).query(String.class).single()).isEqualTo("merged");
    }

    @Test
    void the_patient_index_page_shows_the_duplicate_rate_and_merges_per_week() {
        var page = PageSession.login(port, "director").get("/mpi");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"duplicate-rate\"").contains("id=\"merges-per-week\"");
        assertThat(PageSession.login(port, "auditor").get("/mpi").statusCode()).as("auditors do not search patients").isEqualTo(403);
    }

    private long itemOf(long candidate) {
        return jdbc.sql("select work_item_id from duplicate_candidate where id = ?").param(candidate).query(Long.class).single();
    }
}
