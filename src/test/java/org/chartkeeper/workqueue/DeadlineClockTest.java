package org.chartkeeper.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.chartkeeper.InvalidRequestException;
import org.junit.jupiter.api.Test;

class DeadlineClockTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void an_item_due_three_hours_ago_is_overdue_by_3_h() {
        Instant due = NOW.minus(Duration.ofHours(3).plusMinutes(20));
        assertThat(DeadlineClock.overdue(due, WorkItemStatus.OPEN, NOW)).isTrue();
        assertThat(DeadlineClock.describe(due, WorkItemStatus.OPEN, NOW)).isEqualTo("overdue by 3 h");
    }

    @Test
    void an_item_due_later_shows_how_long_is_left_in_minutes_hours_or_days() {
        assertThat(DeadlineClock.describe(NOW.plus(Duration.ofMinutes(5 * 60 + 59)), WorkItemStatus.IN_PROGRESS, NOW))
                .isEqualTo("due in 5 h");
        assertThat(DeadlineClock.describe(NOW.plus(Duration.ofMinutes(42)), WorkItemStatus.OPEN, NOW))
                .isEqualTo("due in 42 min");
        assertThat(DeadlineClock.describe(NOW.plus(Duration.ofHours(47)), WorkItemStatus.OPEN, NOW))
                .isEqualTo("due in 47 h");
        assertThat(DeadlineClock.describe(NOW.plus(Duration.ofHours(73)), WorkItemStatus.OPEN, NOW))
                .isEqualTo("due in 3 d");
        assertThat(DeadlineClock.describe(NOW.plusSeconds(10), WorkItemStatus.OPEN, NOW)).isEqualTo("due in 1 min");
    }

    @Test
    void a_finished_item_is_never_overdue_and_shows_its_status() {
        Instant longAgo = NOW.minus(Duration.ofDays(30));
        assertThat(DeadlineClock.overdue(longAgo, WorkItemStatus.DONE, NOW)).isFalse();
        assertThat(DeadlineClock.overdue(longAgo, WorkItemStatus.CANCELLED, NOW)).isFalse();
        assertThat(DeadlineClock.describe(longAgo, WorkItemStatus.DONE, NOW)).isEqualTo("done");
    }

    @Test
    void an_item_due_exactly_now_is_not_yet_overdue() {
        assertThat(DeadlineClock.overdue(NOW, WorkItemStatus.OPEN, NOW)).isFalse();
    }

    @Test
    void status_filters_parse_leniently_and_unknown_ones_are_named() {
        assertThat(ItemFilter.parse(null)).isEqualTo(ItemFilter.ACTIVE);
        assertThat(ItemFilter.parse("open")).isEqualTo(ItemFilter.ACTIVE);
        assertThat(ItemFilter.parse("IN_PROGRESS")).isEqualTo(ItemFilter.IN_PROGRESS);
        assertThat(ItemFilter.parse(" Mine ")).isEqualTo(ItemFilter.MINE);
        assertThatThrownBy(() -> ItemFilter.parse("bogus"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'bogus'");
    }
}
