package org.chartkeeper.disclosure;

import java.time.Instant;
import java.time.LocalDate;

/** A request for records as it stands. */
public record RoiRequest(
        long id,
        String requestNo,
        long patientId,
        LocalDate receivedOn,
        String channel,
        RequesterType requesterType,
        String requesterName,
        String requesterAddress,
        String askedEncounters,
        LocalDate askedFrom,
        LocalDate askedTo,
        String askedDocumentTypes,
        String purpose,
        String format,
        String delivery,
        RoiStatus status,
        String statusNote,
        Authorization authorization,
        LocalDate dueOn,
        LocalDate extensionNoticeOn,
        String extensionReason,
        Long workItemId,
        Instant createdAt,
        int version) {

    public ValidationChecklist checklist(LocalDate today) {
        return ValidationChecklist.of(requesterType, authorization, today);
    }

    public boolean extended() {
        return extensionNoticeOn != null;
    }

    /** The rule a release of this request is made under. */
    DisclosureCategory releaseCategory() {
        if (requesterType.patientAccess()) return DisclosureCategory.TO_PATIENT;
        if (authorization.present()) return DisclosureCategory.AUTHORIZATION;
        return requesterType.categoryWithoutAuthorization();
    }
}
