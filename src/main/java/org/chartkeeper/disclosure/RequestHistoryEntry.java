package org.chartkeeper.disclosure;

import java.time.Instant;

/** One step of a request's history: who did what, and the status it moved between. */
public record RequestHistoryEntry(Instant at, String userName, String action, RoiStatus from, RoiStatus to, String note) {}
