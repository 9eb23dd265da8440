package org.chartkeeper.audit;

import java.time.Instant;

/** A recorded event, exactly as stored (and hashed). */
public record AuditEvent(
        long seq,
        Instant time,
        Long userId,
        String username,
        String userRoles,
        Long patientId,
        String action,
        String category,
        String resourceType,
        String resourceId,
        String outcome,
        String sourceAddress,
        String sessionRef,
        String reason,
        String detail,
        String prevHash,
        String hash) {}
