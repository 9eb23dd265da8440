package org.chartkeeper.disclosure;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A patient's request to amend a document (45 CFR 164.526) as it stands: what is wrong and the change asked for, its
 * clock, who decides (the document's author), the decision, the amendment written when accepted, and after a denial
 * the patient's statement of disagreement and our rebuttal.
 */
public record AmendmentRequest(long id, long patientId, long documentId, String documentTitle, LocalDate receivedOn,
                               String requestedBy, String whatIsWrong, String proposedChange, LocalDate dueOn,
                               LocalDate extensionNoticeOn, String extensionReason, AmendmentStatus status,
                               Long authorProviderId, Long deciderUserId, String deciderName, Long workItemId,
                               LocalDate decidedOn, String decidedByName, AmendmentDenialReason denialReason,
                               String decisionNote, Long amendmentDocumentId, String disagreement,
                               LocalDate disagreementOn, String rebuttal, LocalDate rebuttalOn, Instant createdAt,
                               int version) {

    public String number() {
        return String.format("AMD-%06d", id);
    }

    public boolean extended() {
        return extensionNoticeOn != null;
    }

    public String clock(LocalDate today) {
        return status == AmendmentStatus.PENDING ? RequestDeadline.clock(dueOn, today) : status.code();
    }

    public boolean overdue(LocalDate today) {
        return status == AmendmentStatus.PENDING && dueOn.isBefore(today);
    }
}
