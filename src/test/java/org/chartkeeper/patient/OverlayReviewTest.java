package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A record whose demographics changed into another person's is flagged and reviewed in the overlay queue. */
@IntegrationTest
class OverlayReviewTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    OverlayDetector overlays;

    @Test
    void a_changed_name_and_birth_date_flags_the_record_opens_one_review_and_same_person_clears_the_flag() {
        MergeFixtures db = new MergeFixtures(jdbc, template);
        LocalDate born = LocalDate.of(1980, 2, 3);
        long id = db.patient("Garcia", "Maria", born, "female");
        Demographics before = OverlayDetectorTest.person("Garcia", "Maria", born, "female");
        Demographics after = OverlayDetectorTest.person("Nguyen", "Thanh", LocalDate.of(1975, 9, 1), "female");

        assertThat(overlays.check(id, before, OverlayDetectorTest.person("Garcia", "Maria", LocalDate.of(1980, 3, 2), "female"))).isFalse();
        assertThat(overlays.check(id, before, after)).isTrue();
        assertThat(overlays.check(id, before, after)).as("already flagged: no second item").isFalse();

        assertThat(jdbc.sql("select overlay_flag from patient where id = ?").param(id).query(Boolean.class).single()).isTrue();
        long item = jdbc.sql("select id from work_item where item_type = 'overlay-review' and patient_id = ?").param(id)
                .query(Long.class).single();
        assertThat(jdbc.sql("select title from work_item where id = ?").param(item).query(String.class).single())
                .contains("date of birth").doesNotContain("Garcia").doesNotContain("Nguyen");
        assertThat(db.history(id)).anyMatch(h -> h.startsWith("overlay: flagged"));
        assertThat(PageSession.login(port, "him").get("/patients/" + id + "/merges").body()).contains("id=\"overlay-notice\"");

        Api him = Api.as(port, "him");
        assertThat(him.post("/api/work-items/" + item + "/claim", "{\"version\": 0}").statusCode()).isEqualTo(200);
        var done = him.post("/api/work-items/" + item + "/complete",
                "{\"version\": 1, \"outcome\": \"same-person\", \"resolution\": \"Legal name and birth date change, court order on file\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(jdbc.sql("select overlay_flag from patient where id = ?").param(id).query(Boolean.class).single()).isFalse();
        assertThat(db.history(id)).anyMatch(h -> h.contains("Same person"));
    }
}
