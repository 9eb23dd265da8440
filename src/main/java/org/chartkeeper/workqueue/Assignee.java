package org.chartkeeper.workqueue;

/** A user an item may be assigned to. */
public record Assignee(long id, String username, String displayName) {}
