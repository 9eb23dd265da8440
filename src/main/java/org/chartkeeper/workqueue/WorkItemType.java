package org.chartkeeper.workqueue;

/** A queue: the kind of work, the role whose pool receives new items, and how long they may take. */
public record WorkItemType(String code, String name, String description, String defaultPoolRole, int defaultDueHours) {}
