package org.chartkeeper.disclosure;

import java.time.LocalDate;
import org.chartkeeper.InvalidRequestException;

/**
 * Deadline arithmetic in calendar days (UTC dates). A request is due 30 days after receipt (45 CFR 164.524(b)(2)),
 * or sooner when a stricter state deadline is configured. A patient access request may be extended once, by 30 days,
 * with a written notice stating the reasons for the delay and the date by which we will act, sent within the initial
 * period that applies (30 days, or the stricter state deadline); the 30 days are added to that period.
 */
public final class RequestDeadline {

    public static final int DAYS = 30;
    public static final int EXTENSION_DAYS = 30;

    private RequestDeadline() {}

    public static LocalDate due(LocalDate receivedOn, Integer stateDeadlineDays) {
        int days = stateDeadlineDays != null && stateDeadlineDays > 0 && stateDeadlineDays < DAYS ? stateDeadlineDays : DAYS;
        return receivedOn.plusDays(days);
    }

    /**
     * The new due date after an extension whose written notice was sent on {@code noticeOn}; refused when not
     * allowed. {@code dueOn} is the request's due date before any extension: the end of the initial period that
     * applies to it (30 days after receipt, or the stricter state deadline it was taken in under). The notice must be
     * sent within that period and must give the reasons for the delay ({@code reason}, 45 CFR 164.524(b)(2)(iii)).
     */
    public static LocalDate extended(RequesterType type, LocalDate receivedOn, LocalDate dueOn,
                                     LocalDate priorNoticeOn, LocalDate noticeOn, String reason) {
        if (!type.patientAccess()) {
            throw new InvalidRequestException("noticeSentOn", "Only a patient access request can be extended");
        }
        if (priorNoticeOn != null) {
            throw new InvalidRequestException("noticeSentOn", "This request was already extended (notice sent "
                    + priorNoticeOn + "); only one 30-day extension is allowed");
        }
        if (noticeOn == null) {
            throw new InvalidRequestException("noticeSentOn", "Give the date the written extension notice was sent");
        }
        if (noticeOn.isBefore(receivedOn)) {
            throw new InvalidRequestException("noticeSentOn", "The notice cannot be sent before the request was received");
        }
        LocalDate lastDay = dueOn.isBefore(receivedOn.plusDays(DAYS)) ? dueOn : receivedOn.plusDays(DAYS);
        long initialDays = java.time.temporal.ChronoUnit.DAYS.between(receivedOn, lastDay);
        if (noticeOn.isAfter(lastDay)) {
            throw new InvalidRequestException("noticeSentOn", "The extension notice must be sent within the initial "
                    + initialDays + " days after receipt (by " + lastDay + "); sent on " + noticeOn + " is too late");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("reason", "Give the reasons for the delay; the written notice states them"
                    + " (45 CFR 164.524(b)(2)(iii))");
        }
        return lastDay.plusDays(EXTENSION_DAYS);
    }

    /** The clock a queue shows: "overdue by 3 days", "due today", "5 days left". */
    public static String clock(LocalDate dueOn, LocalDate today) {
        long left = java.time.temporal.ChronoUnit.DAYS.between(today, dueOn);
        if (left < 0) return "overdue by " + (-left) + (left == -1 ? " day" : " days");
        if (left == 0) return "due today";
        return left + (left == 1 ? " day left" : " days left");
    }
}
