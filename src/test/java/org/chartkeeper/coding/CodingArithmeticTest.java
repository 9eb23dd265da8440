package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The arithmetic of the coding queue (DNFB days and buckets), review sampling, accuracy and productivity. */
class CodingArithmeticTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static Object[] waiting(String type, Duration ago) {
        return new Object[] {type, NOW.minus(ago)};
    }

    @Test
    void dnfb_days_are_whole_days_since_discharge_so_23_hours_is_day_0_and_24_hours_day_1() {
        assertThat(CodingQueueService.days(NOW.minus(Duration.ofHours(23)), NOW)).isZero();
        assertThat(CodingQueueService.days(NOW.minus(Duration.ofHours(24)), NOW)).isEqualTo(1);
        assertThat(CodingQueueService.days(NOW.minus(Duration.ofHours(24 * 31 + 5)), NOW)).isEqualTo(31);
    }

    @Test
    void dnfb_counts_days_totals_averages_buckets_and_patient_types() {
        var dnfb = CodingQueueService.dnfbOf(List.of(
                waiting("INPATIENT", Duration.ofDays(3).plusHours(2)),   // 3 -> 0-3
                waiting("INPATIENT", Duration.ofDays(4)),                // 4 -> 4-7
                waiting("OUTPATIENT", Duration.ofDays(14).plusHours(23)), // 14 -> 8-14
                waiting("outpatient", Duration.ofDays(15)),              // 15 -> 15-30
                waiting("EMERGENCY", Duration.ofDays(31))), NOW);        // 31 -> 31+
        assertThat(dnfb.count()).isEqualTo(5);
        assertThat(dnfb.totalDays()).isEqualTo(3 + 4 + 14 + 15 + 31);
        assertThat(dnfb.averageDays()).isEqualTo(13.4);
        assertThat(dnfb.oldestDays()).isEqualTo(31);
        assertThat(dnfb.buckets()).containsExactly(java.util.Map.entry("0-3", 1L), java.util.Map.entry("4-7", 1L),
                java.util.Map.entry("8-14", 1L), java.util.Map.entry("15-30", 1L), java.util.Map.entry("31+", 1L));
        assertThat(dnfb.byType().get("INPATIENT").count()).isEqualTo(2);
        assertThat(dnfb.byType().get("INPATIENT").totalDays()).isEqualTo(7);
        assertThat(dnfb.byType().get("OUTPATIENT").count()).isEqualTo(2);
        assertThat(dnfb.byType().get("OUTPATIENT").averageDays()).isEqualTo(14.5);
    }

    @Test
    void an_empty_queue_has_no_dnfb_days() {
        var dnfb = CodingQueueService.dnfbOf(List.of(), NOW);
        assertThat(dnfb.count()).isZero();
        assertThat(dnfb.averageDays()).isZero();
    }

    @Test
    void sampling_at_5_percent_picks_close_to_5_percent_and_the_same_charts_every_time() {
        ReviewSampler a = new ReviewSampler(null, null, 5, "chartkeeper", 0);
        ReviewSampler b = new ReviewSampler(null, null, 5, "chartkeeper", 0);
        Set<Long> first = new HashSet<>();
        Set<Long> second = new HashSet<>();
        LongStream.rangeClosed(1, 20_000).forEach(e -> {
            if (a.sampled(e, "coder", 5)) first.add(e);
            if (b.sampled(e, "coder", 5)) second.add(e);
        });
        assertThat(first).isEqualTo(second);
        assertThat(first.size() / 20_000.0).isCloseTo(0.05, within(0.006));
        // each coder is sampled on their own draw: another coder's 5 % is a different set of charts
        long overlap = first.stream().filter(e -> a.sampled(e, "coder2", 5)).count();
        assertThat(overlap).isLessThan(first.size() / 5);
    }

    @Test
    void sampling_rate_0_picks_nothing_and_100_everything() {
        ReviewSampler s = new ReviewSampler(null, null, 5, "seed", 0);
        assertThat(LongStream.rangeClosed(1, 1000).filter(e -> s.sampled(e, "c", 0)).count()).isZero();
        assertThat(LongStream.rangeClosed(1, 1000).filter(e -> s.sampled(e, "c", 100)).count()).isEqualTo(1000);
        assertThat(ReviewSampler.draw("seed", 42, "c")).isEqualTo(ReviewSampler.draw("seed", 42, "c"))
                .isNotEqualTo(ReviewSampler.draw("other seed", 42, "c"));
    }

    static CodingReview.Code dx(int seq, String code, String poa) {
        return new CodingReview.Code("diagnosis", seq, CodeSystem.ICD10CM, code, CodeSystem.ICD10CM.display(code), poa);
    }

    static CodingReview.Code px(int seq, String code) {
        return new CodingReview.Code("procedure", seq, CodeSystem.ICD10PCS, code, code, null);
    }

    @Test
    void code_over_code_is_matching_codes_over_the_union_and_a_different_poa_is_a_different_code() {
        var coder = List.of(dx(1, "E119", "Y"), dx(2, "I10", "Y"), dx(3, "N183", "N"), px(1, "0DTJ4ZZ"));
        var reviewer = List.of(dx(1, "E119", "Y"), dx(2, "I10", "N"), dx(3, "E785", "Y"), px(1, "0DTJ4ZZ"));
        CodingAccuracy a = CodingAccuracy.of(coder, reviewer);
        assertThat(a.dxMatched()).isEqualTo(1);            // E11.9 Y
        assertThat(a.dxUnion()).isEqualTo(5);              // E11.9 Y, I10 Y, I10 N, N18.3 N, E78.5 Y
        assertThat(a.pxMatched()).isEqualTo(1);
        assertThat(a.pxUnion()).isEqualTo(1);
        assertThat(a.codeAccuracy()).isCloseTo(2 / 6.0, within(1e-9));
        assertThat(a.principalMatch()).isTrue();
        assertThat(a.recordMatch()).isFalse();
        assertThat(a.onlyCoder()).containsExactly("I10 POA Y", "N18.3 POA N");
        assertThat(a.onlyReviewer()).containsExactly("I10 POA N", "E78.5 POA Y");
    }

    @Test
    void record_over_record_needs_the_same_principal_and_the_same_codes_in_any_secondary_order() {
        var coder = List.of(dx(1, "J441", "Y"), dx(2, "I10", "Y"), dx(3, "E119", "Y"));
        assertThat(CodingAccuracy.of(coder, List.of(dx(1, "J441", "Y"), dx(2, "E119", "Y"), dx(3, "I10", "Y"))).recordMatch()).isTrue();
        CodingAccuracy swapped = CodingAccuracy.of(coder, List.of(dx(1, "I10", "Y"), dx(2, "J441", "Y"), dx(3, "E119", "Y")));
        assertThat(swapped.recordMatch()).isFalse();
        assertThat(swapped.principalMatch()).isFalse();
        assertThat(swapped.codeAccuracy()).isEqualTo(1.0); // the same codes: code over code is perfect
    }

    @Test
    void accuracy_over_reviews_sums_matches_and_unions_before_dividing() {
        var tally = new CodingReviewService.Tally();
        tally.add(review(9, 10, 1, 1, true, true));
        tally.add(review(1, 2, 0, 0, false, true));
        CodingReviewService.Accuracy acc = tally.accuracy();
        assertThat(acc.reviews()).isEqualTo(2);
        assertThat(acc.codeOverCode()).isEqualTo(Math.round(10000.0 * 11 / 13) / 10000.0); // not the mean of 0.91 and 0.5
        assertThat(acc.recordOverRecord()).isEqualTo(0.5);
        assertThat(acc.principal()).isEqualTo(1.0);
        assertThat(acc.meetsTarget()).isFalse();
    }

    static CodingReview review(int dxM, int dxU, int pxM, int pxU, boolean record, boolean principal) {
        return new CodingReview(1, 1, 1, "coder", "INPATIENT", NOW, "test", null, "done", "reviewer", NOW, dxM, dxU,
                pxM, pxU, record, principal, 2, List.of(), List.of());
    }

    @Test
    void a_session_counts_to_its_end_or_last_activity_and_at_most_4_hours() {
        var ended = new CodingWorkRepository.Session("c", "INPATIENT", NOW, NOW.plusSeconds(1800), NOW.plusSeconds(1800), true);
        var left = new CodingWorkRepository.Session("c", "INPATIENT", NOW, NOW.plusSeconds(600), null, false);
        var long_ = new CodingWorkRepository.Session("c", "INPATIENT", NOW, NOW.plusSeconds(9 * 3600), NOW.plusSeconds(9 * 3600), true);
        assertThat(CodingProductivityService.seconds(ended)).isEqualTo(1800);
        assertThat(CodingProductivityService.seconds(left)).isEqualTo(600);
        assertThat(CodingProductivityService.seconds(long_)).isEqualTo(4 * 3600);
        var f = CodingProductivityService.figures("2026-03-01", "c", "INPATIENT", new long[] {3, 5400});
        assertThat(f.hours()).isEqualTo(1.5);
        assertThat(f.chartsPerHour()).isEqualTo(2.0);
    }
}
