package org.chartkeeper.disclosure;

import java.time.LocalDate;
import org.chartkeeper.InvalidRequestException;

/**
 * The 60-day clock of the patient-rights requests that are not access requests: an accounting of disclosures
 * (45 CFR 164.528(c)(1)) and an amendment (164.526(b)(2)) are due 60 days after receipt, extended once by 30 days
 * when a written notice giving the reason and the new date is sent within the 60 days. Calendar days, UTC dates.
 */
public final class RightsDeadline {

    public static final int DAYS = 60;
    public static final int EXTENSION_DAYS = 30;

    private RightsDeadline() {}

    public static LocalDate due(LocalDate receivedOn) {
        return receivedOn.plusDays(DAYS);
    }

    /** The new due date after an extension whose notice was sent on {@code noticeOn}; refused when not allowed. */
    public static LocalDate extended(LocalDate receivedOn, LocalDate priorNoticeOn, LocalDate noticeOn, String reason) {
        if (priorNoticeOn != null) {
            throw new InvalidRequestException("noticeSentOn", "Already extended (notice sent " + priorNoticeOn
                    + "); only one 30-day extension is allowed");
        }
        if (noticeOn == null) {
            throw new InvalidRequestException("noticeSentOn", "Give the date the written extension notice was sent");
        }
        if (noticeOn.isBefore(receivedOn)) {
            throw new InvalidRequestException("noticeSentOn", "The notice cannot be sent before the request was received");
        }
        LocalDate lastDay = due(receivedOn);
        if (noticeOn.isAfter(lastDay)) {
            throw new InvalidRequestException("noticeSentOn", "The extension notice must be sent within 60 days of"
                    + " receipt (by " + lastDay + "); sent on " + noticeOn + " is too late");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("reason", "The notice must give the reason for the delay");
        }
        return lastDay.plusDays(EXTENSION_DAYS);
    }
}
