package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.chartkeeper.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Deadline arithmetic in calendar days (45 CFR 164.524(b)(2)). */
class RequestDeadlineTest {

    static final LocalDate RECEIVED = LocalDate.of(2026, 1, 15);
    static final String REASON = "Records are stored off site";

    @Test
    void a_patient_access_request_is_due_30_calendar_days_after_receipt() {
        assertThat(RequestDeadline.due(RECEIVED, null)).isEqualTo(LocalDate.of(2026, 2, 14));
    }

    @Test
    void the_30_days_run_across_a_month_end_and_a_leap_day() {
        assertThat(RequestDeadline.due(LocalDate.of(2028, 2, 10), null)).isEqualTo(LocalDate.of(2028, 3, 11));
        assertThat(RequestDeadline.due(LocalDate.of(2026, 12, 15), null)).isEqualTo(LocalDate.of(2027, 1, 14));
    }

    @Test
    void a_stricter_state_deadline_shortens_the_clock_and_a_looser_one_does_not() {
        assertThat(RequestDeadline.due(RECEIVED, 15)).isEqualTo(RECEIVED.plusDays(15));
        assertThat(RequestDeadline.due(RECEIVED, 45)).isEqualTo(RECEIVED.plusDays(30));
    }

    @Test
    void an_extension_with_a_notice_sent_on_day_30_adds_30_days() {
        LocalDate due = RequestDeadline.due(RECEIVED, null);
        assertThat(RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null, RECEIVED.plusDays(30), REASON))
                .isEqualTo(RECEIVED.plusDays(60));
    }

    @Test
    void an_extension_with_a_notice_sent_on_day_31_is_refused_as_late() {
        LocalDate due = RequestDeadline.due(RECEIVED, null);
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null,
                RECEIVED.plusDays(31), REASON))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("too late")
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("noticeSentOn");
    }

    @Test
    void under_a_stricter_state_deadline_the_notice_must_come_within_that_deadline_and_30_days_are_added_to_it() {
        LocalDate due = RequestDeadline.due(RECEIVED, 15);
        assertThat(RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null, RECEIVED.plusDays(15), REASON))
                .isEqualTo(RECEIVED.plusDays(45));
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null,
                RECEIVED.plusDays(16), REASON))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("initial 15 days")
                .hasMessageContaining("too late");
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null,
                RECEIVED.plusDays(30), REASON)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void an_extension_without_the_reasons_for_the_delay_is_refused() {
        LocalDate due = RequestDeadline.due(RECEIVED, null);
        for (String reason : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, null,
                    RECEIVED.plusDays(10), reason))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("reasons for the delay")
                    .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("reason");
        }
    }

    @Test
    void a_second_extension_is_refused() {
        LocalDate due = RECEIVED.plusDays(60);
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, due, RECEIVED.plusDays(20),
                RECEIVED.plusDays(25), REASON))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("only one 30-day extension");
    }

    @Test
    void an_extension_without_a_written_notice_date_is_refused() {
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.PATIENT, RECEIVED, RECEIVED.plusDays(30), null,
                null, REASON)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("written extension notice");
    }

    @Test
    void only_a_patient_access_request_can_be_extended() {
        assertThatThrownBy(() -> RequestDeadline.extended(RequesterType.ATTORNEY, RECEIVED, RECEIVED.plusDays(30), null,
                RECEIVED.plusDays(5), REASON)).isInstanceOf(InvalidRequestException.class);
        assertThat(RequestDeadline.extended(RequesterType.PERSONAL_REPRESENTATIVE, RECEIVED, RECEIVED.plusDays(30),
                null, RECEIVED.plusDays(5), REASON)).isEqualTo(RECEIVED.plusDays(60));
    }

    @Test
    void the_clock_counts_days_left_and_days_overdue() {
        LocalDate due = RECEIVED.plusDays(30);
        assertThat(RequestDeadline.clock(due, due.minusDays(5))).isEqualTo("5 days left");
        assertThat(RequestDeadline.clock(due, due.minusDays(1))).isEqualTo("1 day left");
        assertThat(RequestDeadline.clock(due, due)).isEqualTo("due today");
        assertThat(RequestDeadline.clock(due, due.plusDays(1))).isEqualTo("overdue by 1 day");
        assertThat(RequestDeadline.clock(due, due.plusDays(3))).isEqualTo("overdue by 3 days");
    }
}
