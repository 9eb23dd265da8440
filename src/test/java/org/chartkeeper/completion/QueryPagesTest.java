package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The query pages: form errors next to the field and nothing written; the queue, templates and report pages. */
@IntegrationTest
class QueryPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_physician_sees_their_open_queries_oldest_first() {
        PageSession drsmith = PageSession.login(port, "drsmith");
        var page = drsmith.get("/queries");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("My open queries").doesNotContain("id=\"query-worklist\"");
        var open = jdbc.sql("select q.id from physician_query q join provider p on p.id = q.provider_id join app_user u"
                + " on u.id = p.user_id where u.username = 'drsmith' and q.status in ('SENT','ESCALATED') order by q.sent_at, q.id")
                .query(Long.class).list();
        assertThat(open).as("the demo's open queries").hasSizeGreaterThanOrEqualTo(3);
        int first = page.body().indexOf("my-query-" + open.getFirst());
        int last = page.body().indexOf("my-query-" + open.getLast());
        assertThat(first).isPositive().isLessThan(last);
        assertThat(page.body()).contains("escalated");
    }

    @Test
    void a_query_quoting_what_the_record_does_not_say_is_refused_on_the_form_and_nothing_is_written() {
        var c = jdbc.sql("select e.id, d.id from encounter e join document d on d.encounter_id = e.id and d.kind = 'text'"
                        + " join patient pt on pt.id = e.patient_id where not pt.restricted order by e.id limit 1")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long provider = jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drjones'")
                .query(Long.class).single();
        long template = jdbc.sql("select id from query_template where code = 'sepsis-validation'").query(Long.class).single();
        long before = jdbc.sql("select count(*) from physician_query").query(Long.class).single();
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/encounters/" + c[0] + "/queries/new").statusCode()).isEqualTo(200);
        var refused = him.postForm("/encounters/" + c[0] + "/queries", Map.of("templateId", String.valueOf(template),
                "providerId", String.valueOf(provider), "question", "Please clarify the diagnosis based on the indicators.",
                "options", "Sepsis\nLocalized infection only\nClinically undetermined\nOther (please specify)",
                "documentId", String.valueOf(c[1]), "excerpt", "Procalcitonin 14 ng/mL", "action", "send"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("field-error").contains("quote the record exactly")
                .contains("Procalcitonin 14 ng/mL");
        assertThat(jdbc.sql("select count(*) from physician_query").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void the_template_page_refuses_a_non_compliant_template_next_to_the_field() {
        PageSession director = PageSession.login(port, "director");
        assertThat(director.get("/queries/templates").body()).contains("sepsis-validation").contains("Save template");
        var refused = director.postForm("/queries/templates", Map.of("code", "hf-yes-no", "name", "Heart failure?",
                "kind", "yes-no", "yesNoPurpose", "new-diagnosis", "question", "Does the patient have heart failure?",
                "active", "true"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("field-error").contains("never introduce a new diagnosis");
        assertThat(jdbc.sql("select count(*) from query_template where code = 'hf-yes-no'").query(Long.class).single()).isZero();
        var saved = director.postForm("/queries/templates", Map.of("code", "hf-poa", "name", "Heart failure POA",
                "kind", "yes-no", "yesNoPurpose", "present-on-admission",
                "question", "Was the documented heart failure present at the time of admission?", "active", "true"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select kind from query_template where code = 'hf-poa'").query(String.class).single()).isEqualTo("yes-no");
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/queries/templates").body()).doesNotContain("Save template");
        assertThat(him.postForm("/queries/templates", Map.of("code", "x-y", "name", "X", "kind", "open-ended",
                "question", "Please clarify.")).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from query_template where code = 'x-y'").query(Long.class).single()).isZero();
    }

    @Test
    void the_report_page_shows_response_time_and_agreement_by_provider_author_and_month() {
        var page = PageSession.login(port, "director").get("/queries/report");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("report-by-provider").contains("report-by-author").contains("report-by-month")
                .contains("Sarah Smith, MD").contains("Michael Jones, MD");
        var bad = PageSession.login(port, "director").get("/queries/report?from=2026-02-30");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("is not a date");
        assertThat(PageSession.login(port, "roi").get("/queries/report").statusCode()).isEqualTo(403);
    }
}
