package org.chartkeeper.audit;

import java.time.Instant;

/** One user's accesses to one patient's record. */
public record AccessSummary(String username, long count, Instant first, Instant last, long emergencyCount) {}
