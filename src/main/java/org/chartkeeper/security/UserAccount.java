package org.chartkeeper.security;

import java.time.Instant;
import java.util.Set;

/** A user account as administrators see it. No password hash or MFA secret leaves the security package. */
public record UserAccount(long id, String username, String displayName, boolean enabled, int failedAttempts,
                          Instant lockedUntil, boolean mfaEnrolled, boolean demo, Instant createdAt,
                          Instant lastLoginAt, Set<String> roles, int version) {

    public boolean locked(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
