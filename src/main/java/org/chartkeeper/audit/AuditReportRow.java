package org.chartkeeper.audit;

import java.time.Instant;

/** One event as the audit reports show it, with the patient's MRN beside the id. */
public record AuditReportRow(long seq, Instant time, Long userId, String username, String roles, Long patientId,
                             String mrn, String action, String category, String resourceType, String resourceId,
                             String outcome, String source, String sessionRef, String reason, String detail) {

    /** Break-the-glass: the event was an emergency access, or an access made under an emergency grant. */
    public boolean emergency() {
        return AuditAction.EMERGENCY_ACCESS.name().equals(action)
                || (reason != null && reason.toLowerCase(java.util.Locale.ROOT).startsWith("emergency access"));
    }

    public String resource() {
        if (resourceType == null) return resourceId;
        return resourceId == null ? resourceType : resourceType + " " + resourceId;
    }
}
