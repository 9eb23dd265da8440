package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A patient's request for an accounting of disclosures (45 CFR 164.528) as it stands. */
public record AccountingRequest(long id, long patientId, LocalDate receivedOn, LocalDate periodFrom, String requestedBy,
                                String deliverTo, LocalDate dueOn, LocalDate extensionNoticeOn, String extensionReason,
                                BigDecimal fee, LocalDate feeNoticeOn, LocalDate feeAgreedOn,
                                AccountingRequestStatus status, LocalDate deliveredOn, Long letterId, Instant createdAt,
                                int version) {

    public boolean free() {
        return fee.signum() == 0;
    }

    public boolean extended() {
        return extensionNoticeOn != null;
    }

    public String clock(LocalDate today) {
        return status.open() ? RequestDeadline.clock(dueOn, today) : status.code();
    }

    public boolean overdue(LocalDate today) {
        return status.open() && dueOn.isBefore(today);
    }
}
