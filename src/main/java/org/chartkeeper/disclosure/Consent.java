package org.chartkeeper.disclosure;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A patient's consent to a disclosure a general authorization does not cover: category (part2, hiv,
 * behavioral-health, genetic, psychotherapy, general-research), recipient (null: any), purpose, period, status
 * (active, revoked) and the scanned signed form in the record.
 */
public record Consent(long id, long patientId, String category, String recipient, String purpose,
                      LocalDate periodStart, LocalDate periodEnd, String status, LocalDate revokedOn, Long documentId,
                      Instant createdAt, Instant updatedAt, int version, String identifierSystem,
                      String identifierValue) {

    /** Whether it permits a disclosure to {@code recipient} on {@code day}. */
    public boolean covers(String recipientName, LocalDate day) {
        return status.equals("active") && !day.isBefore(periodStart) && (periodEnd == null || !day.isAfter(periodEnd))
                && (recipient == null || recipientName != null
                && recipientName.strip().equalsIgnoreCase(recipient.strip()));
    }
}
