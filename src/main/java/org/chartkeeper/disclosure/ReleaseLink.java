package org.chartkeeper.disclosure;

import java.time.Instant;

/** A secure download link of a package (its token is never stored, only its SHA-256). */
public record ReleaseLink(long id, long packageId, Instant expiresAt, int maxDownloads, int downloads,
                          Instant createdAt, Instant revokedAt) {

    public boolean usable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt) && downloads < maxDownloads;
    }

    /** A link just made: the token and the path the recipient opens, shown this once. */
    public record Issued(ReleaseLink link, String token, String path) {}
}
