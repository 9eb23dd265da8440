package org.chartkeeper.workqueue;

/** One queue as a user's home page shows it: counts of active items they can see, and the oldest due of them. */
public record QueueSummary(WorkItemType type, long open, long assignedToMe, long overdue, WorkItem oldestDue) {}
