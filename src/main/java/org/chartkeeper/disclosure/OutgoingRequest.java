package org.chartkeeper.disclosure;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A request sent to an outside facility for a patient's records (continuing care): tracked with a follow-up clock
 * until the records arrive; what arrives becomes scan batch {@code scanBatchId} in the indexing queue.
 */
public record OutgoingRequest(long id, long patientId, String facility, String facilityContact, String askedFor,
                              String purpose, LocalDate sentOn, LocalDate followUpOn, int followUps,
                              OutgoingStatus status, String statusNote, LocalDate receivedOn, Long scanBatchId,
                              Instant createdAt, int version) {

    public String number() {
        return String.format("OUT-%06d", id);
    }

    public String clock(LocalDate today) {
        return status.open() ? "follow-up " + RequestDeadline.clock(followUpOn, today) : status.code();
    }

    public boolean overdue(LocalDate today) {
        return status.open() && followUpOn.isBefore(today);
    }
}
