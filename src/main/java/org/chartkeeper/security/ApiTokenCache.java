package org.chartkeeper.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A short-lived memory of presented API tokens and the user each acts as, so that a burst of calls (a FHIR client
 * reading patient after patient) does not look the token and the user up on every request. Correctness on this node:
 * a token's revocation and a change of its user's roles or enabled flag forget the entries at once (again after the
 * commit, so that a request racing the change cannot put the old state back). Expiry is checked on every use. Other
 * nodes behind a load balancer keep an entry for at most {@code chartkeeper.security.token-cache-ttl} (default 10 s):
 * that is how long a token revoked on one node can still be used on another. {@code 0s} turns the cache off.
 */
@Component
class ApiTokenCache {

    /** A valid token as last read: its id, user, expiry and last recorded use, and the user it acts as. */
    record Entry(long tokenId, long userId, Instant expires, Instant lastUsed, CurrentUser user, Instant readAt) {}

    private static final int MAX_ENTRIES = 10_000;
    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    ApiTokenCache(@Value("${chartkeeper.security.token-cache-ttl:10s}") Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The entry for a token hash if it is fresh and the token has not expired. */
    Optional<Entry> get(String hash) {
        Entry e = byHash.get(hash);
        if (e == null) return Optional.empty();
        Instant now = clock.instant();
        if (!e.readAt().plus(ttl).isAfter(now) || e.expires() != null && !e.expires().isAfter(now)) {
            byHash.remove(hash, e);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    void put(String hash, Entry e) {
        if (ttl.isZero() || ttl.isNegative()) return;
        if (byHash.size() >= MAX_ENTRIES) byHash.clear(); // many distinct tokens at once: start over rather than grow
        byHash.put(hash, e);
    }

    void forgetToken(long tokenId) {
        forget(() -> byHash.values().removeIf(e -> e.tokenId() == tokenId));
    }

    void forgetUser(long userId) {
        forget(() -> byHash.values().removeIf(e -> e.userId() == userId));
    }

    private static void forget(Runnable removal) {
        removal.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    removal.run();
                }
            });
        }
    }
}
