package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.chartkeeper.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The 60-day clock of accountings (164.528(c)(1)) and amendments (164.526(b)(2)), with one 30-day extension. */
class RightsDeadlineTest {

    static final LocalDate RECEIVED = LocalDate.of(2026, 1, 31);

    @Test
    void a_request_is_due_60_calendar_days_after_receipt() {
        assertThat(RightsDeadline.due(RECEIVED)).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(RightsDeadline.due(LocalDate.of(2028, 1, 1))).isEqualTo(LocalDate.of(2028, 3, 1)); // leap year
    }

    @Test
    void an_extension_adds_30_days_to_the_60() {
        assertThat(RightsDeadline.extended(RECEIVED, null, RECEIVED.plusDays(10), "records in storage"))
                .isEqualTo(RECEIVED.plusDays(90));
    }

    @Test
    void a_notice_sent_on_day_60_is_in_time() {
        assertThat(RightsDeadline.extended(RECEIVED, null, RECEIVED.plusDays(60), "backlog"))
                .isEqualTo(RECEIVED.plusDays(90));
    }

    @Test
    void a_notice_sent_on_day_61_is_too_late() {
        assertThatThrownBy(() -> RightsDeadline.extended(RECEIVED, null, RECEIVED.plusDays(61), "backlog"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("within 60 days")
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("noticeSentOn");
    }

    @Test
    void only_one_extension_is_allowed() {
        assertThatThrownBy(() -> RightsDeadline.extended(RECEIVED, RECEIVED.plusDays(5), RECEIVED.plusDays(20), "again"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("only one 30-day extension");
    }

    @Test
    void the_notice_must_give_the_reason_and_a_date_not_before_receipt() {
        assertThatThrownBy(() -> RightsDeadline.extended(RECEIVED, null, RECEIVED.plusDays(5), " "))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> RightsDeadline.extended(RECEIVED, null, RECEIVED.minusDays(1), "early"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("before the request was received");
        assertThatThrownBy(() -> RightsDeadline.extended(RECEIVED, null, null, "no date"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Give the date");
    }
}
