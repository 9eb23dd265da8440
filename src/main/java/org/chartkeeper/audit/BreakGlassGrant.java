package org.chartkeeper.audit;

import java.time.Instant;

/** An emergency access: who opened which patient's record, why, until when, and the review item it created. */
public record BreakGlassGrant(long id, long userId, long patientId, String reason, Instant grantedAt, Instant expiresAt,
                              Long auditSeq, Long reviewItemId) {}
