package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** With a minimum per month, a coder's charts are sampled until that many were sampled in the month, then by the draw. */
class ReviewMinimumPerMonthTest {

    /** The sample as a list, per coder and month counted from it. */
    static final class Reviews extends CodingReviewRepository {
        final List<String> sampled = new ArrayList<>();

        Reviews() {
            super(null);
        }

        @Override
        Optional<Double> rate(String coder) {
            return Optional.empty();
        }

        @Override
        boolean openFor(long encounterId) {
            return false;
        }

        @Override
        long sampledInMonth(String coder, Instant at) {
            return sampled.stream().filter(s -> s.startsWith(coder + "|" + at.toString().substring(0, 7))).count();
        }

        @Override
        long create(long encounterId, long patientId, String coder, String encounterClass, Instant finalizedAt,
                    String because, List<EncounterCodingRepository.Row> codes) {
            sampled.add(coder + "|" + finalizedAt.toString().substring(0, 7) + "|" + encounterId + "|" + because);
            return sampled.size();
        }

        @Override
        void linkWorkItem(long reviewId, long itemId) {}
    }

    @Test
    void the_first_two_charts_of_each_month_are_sampled_at_a_minimum_of_2_and_the_rest_only_by_the_draw() {
        Reviews reviews = new Reviews();
        WorkQueueService queues = Mockito.mock(WorkQueueService.class);
        Mockito.when(queues.create(Mockito.any(NewWorkItem.class), Mockito.any())).thenReturn(new WorkItem(7,
                "coding-review", "CodingReview", 1L, 1L, "t", null, "coder", null, null, 3, Instant.EPOCH,
                WorkItemStatus.OPEN, Instant.EPOCH, null, null, null, null, 0, false, ""));
        try (var actor = Mockito.mockStatic(Actor.class)) {
            actor.when(Actor::current).thenReturn(null);
            ReviewSampler sampler = new ReviewSampler(reviews, queues, 0, "seed", 2);
            for (long e = 1; e <= 10; e++) {
                sampler.consider(e, 1, "INPATIENT", "kim", Instant.parse("2026-01-05T10:00:00Z").plusSeconds(e), List.of());
                sampler.consider(100 + e, 1, "INPATIENT", "kim", Instant.parse("2026-02-05T10:00:00Z").plusSeconds(e), List.of());
            }
        }
        assertThat(reviews.sampled).containsExactly(
                "kim|2026-01|1|minimum of 2 reviews a month for kim", "kim|2026-02|101|minimum of 2 reviews a month for kim",
                "kim|2026-01|2|minimum of 2 reviews a month for kim", "kim|2026-02|102|minimum of 2 reviews a month for kim");
    }
}
