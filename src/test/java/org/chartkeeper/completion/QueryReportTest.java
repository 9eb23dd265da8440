package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response-time and agreement arithmetic: nearest-rank median and 90th percentile, agreement over decided answers. */
class QueryReportTest {

    static QueryReport.Answer answered(String provider, String author, Instant sent, double hours, QueryOutcome outcome) {
        return new QueryReport.Answer(provider, author, sent, sent.plus(Duration.ofMinutes(Math.round(hours * 60))), outcome);
    }

    @Test
    void median_and_90th_percentile_of_response_hours_are_nearest_rank() {
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        List<QueryReport.Answer> qs = new ArrayList<>();
        double[] hours = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
        for (double h : hours) qs.add(answered("Smith", "HIM", t, h, QueryOutcome.AGREED));
        QueryReport.Row row = QueryReport.row("all", qs);
        assertThat(row.answered()).isEqualTo(10);
        assertThat(row.medianHours()).isEqualTo(5.0);   // rank ceil(0.5 * 10) = 5
        assertThat(row.p90Hours()).isEqualTo(9.0);      // rank ceil(0.9 * 10) = 9
        assertThat(QueryReport.percentile(List.of(2.0, 4.0, 30.0), 50)).isEqualTo(4.0);
        assertThat(QueryReport.percentile(List.of(2.0, 4.0, 30.0), 90)).isEqualTo(30.0);
        assertThat(QueryReport.percentile(List.of(), 50)).isNull();
    }

    @Test
    void agreement_rate_is_agreed_over_decided_answers_and_pending_ones_are_left_out() {
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        List<QueryReport.Answer> qs = List.of(
                answered("Smith", "HIM", t, 2, QueryOutcome.AGREED),
                answered("Smith", "HIM", t, 4, QueryOutcome.AGREED),
                answered("Smith", "Coder", t, 6, QueryOutcome.AGREED),
                answered("Smith", "Coder", t, 8, QueryOutcome.DISAGREED),
                answered("Jones", "HIM", t.plus(Duration.ofDays(40)), 10, QueryOutcome.UNDETERMINED),
                answered("Jones", "HIM", t.plus(Duration.ofDays(40)), 12, null));
        QueryReport report = QueryReport.of(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-30"), qs);
        // 3 agreed of 5 decided (1 pending left out) = 60 %
        assertThat(report.overall().agreed()).isEqualTo(3);
        assertThat(report.overall().disagreed()).isEqualTo(1);
        assertThat(report.overall().undetermined()).isEqualTo(1);
        assertThat(report.overall().pending()).isEqualTo(1);
        assertThat(report.overall().agreementRate()).isEqualTo(60.0);
        assertThat(report.byProvider()).extracting(QueryReport.Row::label).containsExactly("Jones", "Smith");
        QueryReport.Row smith = report.byProvider().get(1);
        assertThat(smith.agreementRate()).isEqualTo(75.0);
        assertThat(smith.medianHours()).isEqualTo(4.0);
        QueryReport.Row jones = report.byProvider().get(0);
        assertThat(jones.agreementRate()).isEqualTo(0.0);
        assertThat(report.byAuthor()).extracting(QueryReport.Row::label, QueryReport.Row::answered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Coder", 2), org.assertj.core.groups.Tuple.tuple("HIM", 4));
        assertThat(report.byMonth()).extracting(QueryReport.Row::label).containsExactly("2026-03", "2026-04");
        assertThat(QueryReport.row("none", List.of(answered("X", "Y", t, 1, null))).agreementRate()).isNull();
    }
}
