package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The desk's report arithmetic: median and 90th percentile of turnaround, backlog age buckets. */
class RoiReportTest {

    @Test
    void median_and_p90_interpolate_between_ranks() {
        var t = RoiReportService.turnaround("all", "All", List.of(4, 1, 3, 2));
        assertThat(t.medianDays()).isEqualTo(2.5);
        assertThat(t.p90Days()).isEqualTo(3.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.maxDays()).isEqualTo(4);
        assertThat(t.released()).isEqualTo(4);
        var ten = RoiReportService.turnaround("x", "X", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(ten.medianDays()).isEqualTo(5.5);
        assertThat(ten.p90Days()).isEqualTo(9.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void no_releases_give_no_figures() {
        var t = RoiReportService.turnaround("all", "All", List.of());
        assertThat(t.medianDays()).isNull();
        assertThat(t.released()).isZero();
    }

    @Test
    void backlog_buckets_by_days_since_receipt() {
        LocalDate today = LocalDate.of(2026, 6, 30);
        var b = RoiReportService.backlog(List.of(today, today.minusDays(7), today.minusDays(8), today.minusDays(30),
                today.minusDays(31), today.minusDays(61), today.minusDays(400)), today);
        assertThat(b).extracting(RoiReport.Bucket::label)
                .containsExactly("0-7 days", "8-14 days", "15-30 days", "31-60 days", "61+ days");
        assertThat(b).extracting(RoiReport.Bucket::open).containsExactly(2, 1, 1, 1, 2);
    }
}
