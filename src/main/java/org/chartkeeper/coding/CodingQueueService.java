package org.chartkeeper.coding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.workqueue.Assignee;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.stereotype.Service;

/**
 * The coding queue: discharged encounters not yet final coded, oldest discharge first, with their age in days since
 * discharge, and the DNFB (discharged, not final billed) count and days: an encounter is DNFB from its discharge until
 * final coding; its days are whole days since the discharge time (floor of hours / 24) on the clock's "now".
 * Buckets: 0-3, 4-7, 8-14, 15-30, over 30 days.
 */
@Service
public class CodingQueueService {

    public static final int LIMIT = 500;
    /** The largest queue counted for the DNFB figures. */
    public static final int DNFB_LIMIT = 200_000;
    static final int[] BUCKETS = {3, 7, 14, 30};
    static final List<String> BUCKET_NAMES = List.of("0-3", "4-7", "8-14", "15-30", "31+");

    private final CodingWorkRepository work;
    private final AccessGate gate;
    private final AuditService audit;
    private final WorkQueueService queues;
    private final org.chartkeeper.security.PermissionService permissions;
    private final Clock clock;

    public CodingQueueService(CodingWorkRepository work, AccessGate gate, AuditService audit, WorkQueueService queues,
                              org.chartkeeper.security.PermissionService permissions, Clock clock) {
        this.work = work;
        this.gate = gate;
        this.audit = audit;
        this.queues = queues;
        this.permissions = permissions;
        this.clock = clock;
    }

    /** What to show: patient type (encounter class), assigned coder ("-" unassigned), discharge dates, minimum age. */
    public record Filter(String encounterClass, String coder, LocalDate dischargedFrom, LocalDate dischargedTo,
                         Integer minDays) {

        public static final Filter ALL = new Filter(null, null, null, null, null);

        public Filter {
            encounterClass = encounterClass == null || encounterClass.isBlank() ? null : encounterClass.strip().toUpperCase(Locale.ROOT);
            coder = coder == null || coder.isBlank() ? null : coder.strip();
            if (encounterClass != null && !encounterClass.matches("[A-Z_]{2,20}")) {
                throw new InvalidRequestException("type", "A patient type such as INPATIENT, OUTPATIENT or EMERGENCY");
            }
            if (minDays != null && (minDays < 0 || minDays > 36500)) throw new InvalidRequestException("minDays", "Between 0 and 36500");
            if (dischargedFrom != null && dischargedTo != null && dischargedTo.isBefore(dischargedFrom)) {
                throw new InvalidRequestException("to", "The end date is before the start date");
            }
        }
    }

    /** One encounter waiting for final coding. */
    public record QueueEntry(long encounterId, long patientId, String mrn, String accountNumber, String encounterClass,
                             Instant dischargeAt, long days, String status, String coder, Integer assignmentVersion) {}

    public record Queue(Instant asOf, Filter filter, List<QueueEntry> entries, boolean truncated, Dnfb dnfb) {}

    /** DNFB: the count and days (total and average), by bucket of days and by patient type. */
    public record Dnfb(Instant asOf, long count, long totalDays, double averageDays, long oldestDays,
                       Map<String, Long> buckets, Map<String, TypeDnfb> byType) {}

    public record TypeDnfb(long count, long totalDays, double averageDays) {}

    public Queue queue(Filter filter) {
        Filter f = filter == null ? Filter.ALL : filter;
        Instant now = clock.instant();
        List<CodingWorkRepository.Waiting> rows = waiting(f, now, LIMIT + 1);
        boolean truncated = rows.size() > LIMIT;
        List<QueueEntry> entries = rows.stream().limit(LIMIT).map(w -> new QueueEntry(w.encounterId(), w.patientId(),
                w.mrn(), w.accountNumber(), w.encounterClass(), w.dischargeAt(), days(w.dischargeAt(), now), w.status(),
                w.coder(), w.assignmentVersion())).toList();
        gate.list(DataCategory.CODING, "EncounterCoding", entries.stream().map(QueueEntry::patientId).toList(),
                "coding queue");
        return new Queue(now, f, entries, truncated, dnfb(f, now));
    }

    /** The DNFB figures only (no patients shown). */
    public Dnfb dnfb(Filter filter) {
        return dnfb(filter == null ? Filter.ALL : filter, clock.instant());
    }

    private Dnfb dnfb(Filter f, Instant now) {
        List<CodingWorkRepository.Waiting> all = waiting(f, now, DNFB_LIMIT);
        return dnfbOf(all.stream().map(w -> new Object[] {w.encounterClass(), w.dischargeAt()}).toList(), now);
    }

    static Dnfb dnfbOf(List<Object[]> classAndDischarge, Instant now) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        BUCKET_NAMES.forEach(b -> buckets.put(b, 0L));
        Map<String, long[]> types = new TreeMap<>();
        long total = 0;
        long oldest = 0;
        for (Object[] x : classAndDischarge) {
            long d = days((Instant) x[1], now);
            total += d;
            oldest = Math.max(oldest, d);
            buckets.merge(bucket(d), 1L, Long::sum);
            long[] t = types.computeIfAbsent(((String) x[0]).toUpperCase(Locale.ROOT), k -> new long[2]);
            t[0]++;
            t[1] += d;
        }
        Map<String, TypeDnfb> byType = new LinkedHashMap<>();
        types.forEach((k, v) -> byType.put(k, new TypeDnfb(v[0], v[1], average(v[1], v[0]))));
        int n = classAndDischarge.size();
        return new Dnfb(now, n, total, average(total, n), oldest, buckets, byType);
    }

    private static double average(long total, long n) {
        return n == 0 ? 0 : Math.round(10.0 * total / n) / 10.0;
    }

    /** Whole days since discharge. */
    static long days(Instant discharge, Instant now) {
        return Math.max(0, Duration.between(discharge, now).toHours() / 24);
    }

    static String bucket(long days) {
        for (int i = 0; i < BUCKETS.length; i++) if (days <= BUCKETS[i]) return BUCKET_NAMES.get(i);
        return BUCKET_NAMES.getLast();
    }

    private List<CodingWorkRepository.Waiting> waiting(Filter f, Instant now, int limit) {
        Instant before = now;
        if (f.minDays() != null) before = now.minus(Duration.ofDays(f.minDays()));
        if (f.dischargedTo() != null) {
            Instant to = f.dischargedTo().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (to.isBefore(before)) before = to;
        }
        Instant from = f.dischargedFrom() == null ? null : f.dischargedFrom().atStartOfDay().toInstant(ZoneOffset.UTC);
        return work.waiting(f.encounterClass(), f.coder(), from, before, limit);
    }

    /** Coders a chart can be assigned to (users holding the coder role). */
    public List<Assignee> coders() {
        return queues.assignees("coder");
    }

    /**
     * Assigns a waiting encounter to a coder (null or blank: unassigns). {@code version} is the assignment's version
     * as last read (null when it had none).
     */
    public void assign(long encounterId, String coder, Integer version) {
        String to = coder == null || coder.isBlank() ? null : coder.strip();
        if (to != null && coders().stream().noneMatch(a -> a.username().equals(to))) {
            throw new InvalidRequestException("coder", "'" + to + "' is not a coder");
        }
        Long patientId = work.waitingPatient(encounterId, clock.instant()).orElseThrow(() -> new InvalidRequestException("encounterId",
                        "Encounter " + encounterId + " is not waiting for coding (not discharged, or final coded)"));
        Integer current = work.assignmentVersion(encounterId).orElse(null);
        String by = CurrentUser.require().username();
        if (!permissions.currentHas("coding.manage") && to != null && !to.equals(by)) {
            throw new InvalidRequestException("coder", "Coders assign charts to themselves; a manager assigns to others");
        }
        if (current == null) {
            if (version != null && version != 0) throw new StaleVersionException("The assignment of encounter " + encounterId, version);
            if (to != null) work.assign(encounterId, to, clock.instant(), by);
        } else {
            if (version == null || version != current.intValue()) {
                throw new StaleVersionException("The assignment of encounter " + encounterId, version == null ? 0 : version);
            }
            boolean ok = to == null ? work.unassign(encounterId, version) : work.reassign(encounterId, to, version, clock.instant(), by);
            if (!ok) throw new StaleVersionException("The assignment of encounter " + encounterId, version);
        }
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CODING, AuditOutcome.SUCCESS).withPatient(patientId)
                .withResource("EncounterCoding", encounterId).withDetail(to == null ? "coding unassigned" : "coding assigned to " + to));
    }
}
