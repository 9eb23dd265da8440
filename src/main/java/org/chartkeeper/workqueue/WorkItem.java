package org.chartkeeper.workqueue;

import java.time.Instant;

/**
 * One item of work. {@code patientId} is set when the subject concerns a patient; the title never names the patient.
 * {@code overdue} and {@code clock} (for example "overdue by 3 h", "due in 5 h") are computed when the item is read.
 */
public record WorkItem(
        long id,
        String type,
        String subjectType,
        Long subjectId,
        Long patientId,
        String title,
        String detail,
        String poolRole,
        Long assigneeId,
        String assigneeName,
        int priority,
        Instant dueAt,
        WorkItemStatus status,
        Instant createdAt,
        Long createdBy,
        Instant completedAt,
        String outcome,
        String resolution,
        int version,
        boolean overdue,
        String clock) {

    WorkItem withAssigneeName(String name) {
        return new WorkItem(id, type, subjectType, subjectId, patientId, title, detail, poolRole, assigneeId, name,
                priority, dueAt, status, createdAt, createdBy, completedAt, outcome, resolution, version, overdue, clock);
    }
}
