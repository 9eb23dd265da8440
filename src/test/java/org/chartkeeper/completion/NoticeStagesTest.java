package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.audit.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Notices: each deficiency reaches each stage once; letters are PDFs; the suspension list follows what is open. */
@IntegrationTest
class NoticeStagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeficiencyService deficiencies;

    @Autowired
    NoticeService notices;

    long items(long deficiencyId) {
        return jdbc.sql("select count(*) from notice_item where deficiency_id = ?").param(deficiencyId).query(Long.class).single();
    }

    @Test
    void a_deficiency_15_days_overdue_gets_the_reminder_and_the_chief_once_and_21_days_the_suspension_list() {
        Instant now = Instant.now();
        CompletionFixtures f = CompletionFixtures.stay(jdbc, "INPATIENT", now.minus(Duration.ofDays(25)), now.minus(Duration.ofDays(20)));
        // the H&P and discharge summary are there and signed; an unsigned note was due (72 h after it was written) 15 days ago
        f.document("history-physical", now.minus(Duration.ofDays(25)).plusSeconds(3600), now.minus(Duration.ofDays(25)).plusSeconds(7200), null);
        f.document("discharge-summary", now.minus(Duration.ofDays(20)).plusSeconds(3600), now.minus(Duration.ofDays(20)).plusSeconds(7200), null);
        long note = f.document("progress-note", now.minus(Duration.ofDays(18)), null, null);
        deficiencies.analyzeEncounter(f.encounterId);
        long id = jdbc.sql("select id from deficiency where document_id = ? and rule_code = 'authentication'").param(note)
                .query(Long.class).single();

        notices.run(Actor.system("test"));
        assertThat(jdbc.sql("select stage_code from notice_item where deficiency_id = ? order by stage_code").param(id)
                .query(String.class).list()).containsExactly("chief", "reminder");
        long reminder = jdbc.sql("select n.id from notice n join notice_item i on i.notice_id = n.id where i.deficiency_id = ?"
                + " and n.stage_code = 'reminder'").param(id).query(Long.class).single();
        assertThat(jdbc.sql("select recipient_provider_id from notice where id = ?").param(reminder).query(Long.class).single())
                .isEqualTo(f.attendingId);

        notices.run(Actor.system("test"));
        assertThat(items(id)).as("never twice for the same stage").isEqualTo(2);

        // six days later it reaches the suspension stage: once, and the provider is on the list until it is signed
        jdbc.sql("update deficiency set due_at = due_at - interval '6' day where id = ?").param(id).update();
        notices.run(Actor.system("test"));
        notices.run(Actor.system("test"));
        assertThat(items(id)).isEqualTo(3);
        String list = Api.as(port, "him").get("/api/completion/suspensions").body();
        assertThat(list).contains("\"providerId\":" + f.attendingId);
        // one HIM work item for the suspension notice
        long suspensionNotices = jdbc.sql("select count(*) from notice where stage_code = 'suspension' and provider_id = ?")
                .param(f.attendingId).query(Long.class).single();
        assertThat(suspensionNotices).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'completion-suspension' and subject_id = ?")
                .param(f.attendingId).query(Long.class).single()).isEqualTo(suspensionNotices);

        var pdf = PageSession.login(port, "him").get("/completion/notices/" + reminder + "/letter.pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF-");
        assertThat(PageSession.login(port, "drsmith").get("/completion/notices/" + reminder + "/letter.pdf").statusCode())
                .as("not drsmith's notice").isEqualTo(403);

        f.sign(note, now);
        deficiencies.analyzeEncounter(f.encounterId);
        assertThat(Api.as(port, "him").get("/api/completion/suspensions").body()).doesNotContain("\"providerId\":" + f.attendingId + ",");
    }
}
