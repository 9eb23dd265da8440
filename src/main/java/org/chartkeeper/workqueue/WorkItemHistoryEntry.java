package org.chartkeeper.workqueue;

import java.time.Instant;

/** Who did what to a work item, when: created, claimed, assigned, reassigned, released, completed, cancelled. */
public record WorkItemHistoryEntry(long id, long workItemId, Instant at, Long actorId, String actorName, String action,
                                   WorkItemStatus fromStatus, WorkItemStatus toStatus, Long assigneeId,
                                   String assigneeName, String note) {}
