package org.chartkeeper.audit;

/** One access to one patient's information: what is done, to which kind of data, and to which resource. */
public record PatientAccess(AuditAction action, DataCategory category, long patientId, String resourceType,
                            String resourceId) {

    public static PatientAccess view(DataCategory category, long patientId, String resourceType, Object resourceId) {
        return new PatientAccess(AuditAction.VIEW, category, patientId, resourceType, String.valueOf(resourceId));
    }

    public static PatientAccess of(AuditAction action, DataCategory category, long patientId, String resourceType,
                                   Object resourceId) {
        return new PatientAccess(action, category, patientId, resourceType,
                resourceId == null ? null : String.valueOf(resourceId));
    }
}
