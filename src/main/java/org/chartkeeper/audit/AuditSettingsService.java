package org.chartkeeper.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Audit settings (table {@code setting}): validated, version-checked, and every change audited with its old and new
 * value. There is deliberately no setting that turns access logging off.
 */
@Service
public class AuditSettingsService {

    public static final String RECORD_SEARCHES = "audit.record-searches";
    public static final String RETENTION_YEARS = "audit.retention-years";
    public static final String GRANT_MINUTES = "breakglass.grant-minutes";
    public static final String REVIEW_DUE_HOURS = "breakglass.review-due-hours";

    private record Definition(String label, String description, String kind, Integer min, Integer max, String unit) {}

    // HIPAA keeps audit documentation for six years: retention below that is refused.
    private static final Map<String, Definition> DEFINITIONS = Map.of(
            RECORD_SEARCHES, new Definition("Record search criteria",
                    "Keep what was searched for in search events. The search itself is always recorded.",
                    "boolean", null, null, null),
            RETENTION_YEARS, new Definition("Audit retention",
                    "How long audit events are kept before they may be archived.", "number", 6, 100, "years"),
            GRANT_MINUTES, new Definition("Emergency access duration",
                    "How long a break-the-glass grant opens a chart.", "number", 5, 1440, "minutes"),
            REVIEW_DUE_HOURS, new Definition("Emergency access review due",
                    "How soon the privacy officer must review an emergency access.", "number", 1, 720, "hours"));

    private final AuditSettingsRepository settings;
    private final AuditService audit;
    private final Clock clock;

    public AuditSettingsService(AuditSettingsRepository settings, AuditService audit, Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    public List<AuditSetting> all() {
        return settings.all().stream().map(AuditSettingsService::view).toList();
    }

    public AuditSetting get(String key) {
        return settings.find(key == null ? "" : key).map(AuditSettingsService::view)
                .orElseThrow(() -> new NotFoundException("No setting '" + key + "'"));
    }

    /** The setting as a number (for example {@link #GRANT_MINUTES}). */
    public int intValue(String key) {
        return Integer.parseInt(get(key).value().strip());
    }

    public boolean booleanValue(String key) {
        return Boolean.parseBoolean(get(key).value().strip());
    }

    /** How long a node keeps {@link #recordSearches()} before reading it again (another node's change shows by then). */
    static final long RECORD_SEARCHES_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private record Cached(boolean value, long readAt) {}

    private volatile Cached recordSearches;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    /**
     * {@link #RECORD_SEARCHES}, read on every audited search: kept in memory, dropped when a change of any setting
     * commits on this node, and read again at least every 5 seconds so that a change made on another node applies
     * within that time.
     */
    public boolean recordSearches() {
        Cached c = recordSearches;
        long now = System.nanoTime();
        if (c != null && now - c.readAt() < RECORD_SEARCHES_TTL_NANOS) return c.value();
        long seen = generation.get();
        boolean value = booleanValue(RECORD_SEARCHES);
        synchronized (generation) {
            // a change that committed while this was read may not be in it: keep it only if none did
            if (generation.get() == seen) recordSearches = new Cached(value, now);
        }
        return value;
    }

    private void forgetCached() {
        synchronized (generation) {
            generation.incrementAndGet();
            recordSearches = null;
        }
    }

    @Transactional
    public AuditSetting update(String key, String value, int expectedVersion) {
        if (key == null || key.isBlank()) throw new InvalidRequestException("key", "Name the setting to change");
        AuditSetting before = settings.find(key).map(AuditSettingsService::view)
                .orElseThrow(() -> new InvalidRequestException("key", "No setting '" + key + "'"));
        if (!before.editable()) throw new InvalidRequestException("key", "Setting '" + key + "' cannot be changed here");
        String normalized = validate(before, value);
        Long userId = CurrentUser.find().map(CurrentUser::id).orElse(null);
        if (settings.update(key, normalized, userId, clock.instant(), expectedVersion) == 0) {
            throw new StaleVersionException("Setting " + key, expectedVersion);
        }
        forgetCached();
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            // and again once the change is visible, so that a read racing the commit is not kept
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            forgetCached();
                        }
                    });
        }
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("Setting", key).withDetail(key + ": " + before.value() + " -> " + normalized));
        return get(key);
    }

    private static String validate(AuditSetting s, String value) {
        String v = value == null ? "" : value.strip();
        if ("boolean".equals(s.kind())) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new InvalidRequestException("value", s.label() + " must be true or false");
            }
            return v.toLowerCase(java.util.Locale.ROOT);
        }
        String range = s.min() + " to " + s.max() + " " + s.unit();
        if (!v.matches("\\d{1,9}")) {
            throw new InvalidRequestException("value", s.label() + " must be a whole number from " + range);
        }
        int n = Integer.parseInt(v);
        if (n < s.min() || n > s.max()) {
            throw new InvalidRequestException("value", s.label() + " must be from " + range);
        }
        return String.valueOf(n);
    }

    private static AuditSetting view(AuditSettingsRepository.Row r) {
        Definition d = DEFINITIONS.get(r.key());
        if (d == null) {
            return new AuditSetting(r.key(), r.value(), r.key(), "", "text", null, null, null, false, r.updatedAt(),
                    r.updatedBy(), r.version());
        }
        return new AuditSetting(r.key(), r.value(), d.label(), d.description(), d.kind(), d.min(), d.max(), d.unit(),
                true, r.updatedAt(), r.updatedBy(), r.version());
    }
}
