package org.chartkeeper.audit;

/**
 * One event to record. Who, from where and in which session are filled in by {@link AuditService} from the current
 * request unless given here (the CLI and background jobs give them).
 */
public record AuditEntry(
        AuditAction action,
        DataCategory category,
        AuditOutcome outcome,
        Long patientId,
        String resourceType,
        String resourceId,
        String reason,
        String detail) {

    public static AuditEntry of(AuditAction action, DataCategory category, AuditOutcome outcome) {
        return new AuditEntry(action, category, outcome, null, null, null, null, null);
    }

    public AuditEntry withPatient(Long id) {
        return new AuditEntry(action, category, outcome, id, resourceType, resourceId, reason, detail);
    }

    public AuditEntry withResource(String type, Object id) {
        return new AuditEntry(action, category, outcome, patientId, type, id == null ? null : String.valueOf(id), reason,
                detail);
    }

    public AuditEntry withReason(String text) {
        return new AuditEntry(action, category, outcome, patientId, resourceType, resourceId, text, detail);
    }

    public AuditEntry withDetail(String text) {
        return new AuditEntry(action, category, outcome, patientId, resourceType, resourceId, reason, text);
    }

    public AuditEntry withOutcome(AuditOutcome o) {
        return new AuditEntry(action, category, o, patientId, resourceType, resourceId, reason, detail);
    }
}
