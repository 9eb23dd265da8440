package org.chartkeeper.workqueue;

import java.time.Instant;

/**
 * What a capability asks the engine to create. {@code priority} (1 most urgent .. 5; default 3), {@code due}
 * (default now + the type's default hours) and {@code poolRole} (default the type's pool) may be null.
 * The title must not contain the patient's name: queues are shown to whole roles.
 */
public record NewWorkItem(String type, String subjectType, Long subjectId, Long patientId, String title, String detail,
                          Integer priority, Instant due, String poolRole) {

    public static NewWorkItem of(String type, String subjectType, Long subjectId, Long patientId, String title,
                                 String detail) {
        return new NewWorkItem(type, subjectType, subjectId, patientId, title, detail, null, null, null);
    }

    public NewWorkItem dueAt(Instant at) {
        return new NewWorkItem(type, subjectType, subjectId, patientId, title, detail, priority, at, poolRole);
    }

    public NewWorkItem withPriority(int p) {
        return new NewWorkItem(type, subjectType, subjectId, patientId, title, detail, p, due, poolRole);
    }

    public NewWorkItem inPool(String role) {
        return new NewWorkItem(type, subjectType, subjectId, patientId, title, detail, priority, due, role);
    }
}
