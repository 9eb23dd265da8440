package org.chartkeeper.workqueue;

import java.util.List;

/** An item with its history, the decisions its queue offers on completion, and what the current user may do next. */
public record WorkItemDetail(WorkItem item, List<WorkItemHistoryEntry> history,
                             List<WorkItemCompletion.Outcome> outcomes, NextActions actions) {}
