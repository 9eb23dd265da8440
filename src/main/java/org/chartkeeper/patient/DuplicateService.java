package org.chartkeeper.patient;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.patient.match.BlockingKeys;
import org.chartkeeper.patient.match.MatchEvaluation;
import org.chartkeeper.patient.match.MatchRecord;
import org.chartkeeper.patient.match.MatchScore;
import org.chartkeeper.patient.match.PatientMatcher;
import org.chartkeeper.patient.match.TermFrequencies;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Duplicate candidates: the batch scan over the whole index (a background job with progress), the incremental check
 * of one new or changed patient, and the list of candidate pairs. Every new candidate gets a duplicate-review work
 * item. Pairs already proposed or decided "not a duplicate" are never proposed again; merged patients take no part.
 */
@Service
public class DuplicateService {

    public static final String SCAN = "duplicate-scan";
    public static final String WORK_ITEM_TYPE = "duplicate-review";
    public static final String SUBJECT_TYPE = "DuplicateCandidate";
    /**
     * Largest block of a narrow key the scan compares within (a placeholder birth date makes huge ones): 1,000, down
     * to 200 from 1,000,000 patients on.
     */
    static int narrowBlockLimit(long n) {
        return (int) Math.max(200, Math.min(1000, 200_000_000L / Math.max(1, n)));
    }
    private static final int INDEX_BITS = 22; // up to 4,194,304 patients per scan
    private static final Logger log = LoggerFactory.getLogger(DuplicateService.class);

    /** A scan job as the API shows it; {@code progress} 0..1. */
    public record Job(long id, String kind, String status, String requestedBy, Instant startedAt, Instant finishedAt,
                      long patientsTotal, long patientsScanned, long pairsCompared, long candidatesFound,
                      String error, double progress) {}

    /** A candidate pair; patients as FHIR logical ids (the patient id as text). */
    public record Pair(long id, String patientA, String patientB, double score, String grade, String status,
                       Instant foundAt, Long workItemId, List<String> explanation) {}

    public record Page(List<Pair> items, int page, int size, long total) {}

    private final MatchRepository repository;
    private final PatientMatchService matching;
    private final WorkQueueService workQueue;
    private final AccessGate gate;
    private final Clock clock;
    private final TransactionTemplate tx;
    /** Duplicate scans, one at a time. */
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "duplicate-scan");
        t.setDaemon(true);
        return t;
    });

    public DuplicateService(MatchRepository repository, PatientMatchService matching, WorkQueueService workQueue,
                            @Lazy AccessGate gate, Clock clock, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.matching = matching;
        this.workQueue = workQueue;
        this.gate = gate;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        // REQUIRES_NEW: candidates written after a registration's commit must not join its finished transaction
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @PreDestroy
    void stop() {
        jobs.shutdownNow();
        waiting.stopNow();
    }

    // ------------------------------------------------------------------ batch scan

    /**
     * Starts a scan of the whole index in the background, or answers the scan already running. Reads every
     * patient's demographics, so it is a search of the index (needs {@code patient.search}; audited).
     */
    public Job startScan() {
        CurrentUser user = CurrentUser.require();
        OffsetDateTime now = now();
        var running = repository.runningJob(SCAN, now);
        if (running.isPresent()) return job(running.get());
        long total = repository.countActive();
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", "duplicate scan of the whole index", (int) Math.min(total, Integer.MAX_VALUE));
        long id = repository.insertJob(SCAN, user.username(), now);
        repository.progress(id, total, 0, 0, 0);
        jobs.submit(() -> runLogged(id));
        return job(id);
    }

    /** A scan run now in the calling thread (the command line, benchmarks), recorded as a job. */
    public ScanResult scanNow(String requestedBy) {
        long id = repository.insertJob(SCAN, requestedBy, now());
        try {
            ScanResult r = scan(id);
            repository.finish(id, "done", null, now());
            return r;
        } catch (RuntimeException e) {
            repository.finish(id, "failed", e.getClass().getSimpleName(), now());
            throw e;
        }
    }

    /** A pair a scan proposed. */
    public record Proposed(long patientA, long patientB, double score) {}

    /** The pairs a scan job proposed. */
    public List<Proposed> proposedBy(long jobId) {
        return repository.pairsOfJob(jobId).stream()
                .map(p -> new Proposed(p[0], p[1], Double.longBitsToDouble(p[2]))).toList();
    }

    public Job job(long id) {
        return repository.job(id).map(DuplicateService::view)
                .orElseThrow(() -> new NotFoundException("No job " + id));
    }

    private void runLogged(long jobId) {
        try {
            scan(jobId);
            repository.finish(jobId, "done", null, now());
        } catch (RuntimeException | OutOfMemoryError e) {
            log.warn("Duplicate scan job {} failed: {}", jobId, e.getClass().getSimpleName());
            repository.finish(jobId, "failed", "The scan failed (" + e.getClass().getSimpleName() + "); see the server log",
                    now());
        }
    }

    /** The scan itself, in the calling thread: blocked, compared in parallel, candidates written. Returns counts. */
    public ScanResult scan(long jobId) {
        long t0 = System.nanoTime();
        List<MatchRecord> records = new ArrayList<>();
        long total = repository.countActive();
        tx.executeWithoutResult(s -> repository.forEachActive(row -> {
            records.add(matching.record(row));
            if (records.size() % 50_000 == 0) repository.progress(jobId, total, records.size() / 2, 0, 0);
        }));
        if (records.size() >= (1 << INDEX_BITS)) {
            throw new InvalidRequestException("patients", "A scan handles at most " + (1 << INDEX_BITS) + " patients");
        }
        long loaded = System.nanoTime();
        long[] pairs = candidatePairs(records);
        long blocked = System.nanoTime();
        repository.progress(jobId, total, records.size() / 2, 0, 0);

        Set<Long> known = repository.knownPairs();
        TermFrequencies tf = TermFrequencies.of(records);
        PatientMatcher matcher = matching.matcher();
        double review = matcher.thresholds().review();
        AtomicLong compared = new AtomicLong();
        List<Scored> found = Collections.synchronizedList(new ArrayList<>());
        int chunk = 100_000;
        int chunks = (pairs.length + chunk - 1) / chunk;
        AtomicLong doneChunks = new AtomicLong();
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * chunk;
            int to = Math.min(pairs.length, from + chunk);
            for (int k = from; k < to; k++) {
                MatchRecord a = records.get((int) (pairs[k] >>> 32));
                MatchRecord b = records.get((int) pairs[k]);
                if (known.contains(MatchRepository.pairKey(a.id(), b.id()))) continue;
                if (matcher.probability(a, b, tf) >= review) found.add(new Scored(a.id(), b.id(), matcher.score(a, b, tf)));
            }
            compared.addAndGet(to - from);
            if (doneChunks.incrementAndGet() % 20 == 0) {
                long scanned = records.size() / 2 + (long) (records.size() / 2.0 * doneChunks.get() / chunks);
                repository.progress(jobId, total, scanned, compared.get(), found.size());
            }
        });
        long scored = System.nanoTime();
        List<MatchRepository.NewCandidate> sorted = withPopulationPrior(found, pairs.length, matcher);
        int written = write(sorted, jobId);
        repository.progress(jobId, total, records.size(), compared.get(), written);
        long end = System.nanoTime();
        return new ScanResult(jobId, records.size(), pairs.length, written, (loaded - t0) / 1e9, (blocked - loaded) / 1e9,
                (scored - blocked) / 1e9, (end - scored) / 1e9);
    }

    private record Scored(long a, long b, MatchScore score) {}

    /**
     * The model's prior odds suit a small index; in a large one most blocked pairs are strangers who happen to share a
     * key. The share of pairs scored certain estimates the odds that a blocked pair is one person in this
     * population; where those odds are lower than the model's, every score is recomputed with them (never raised).
     */
    private static List<MatchRepository.NewCandidate> withPopulationPrior(List<Scored> found, long compared,
                                                                          PatientMatcher matcher) {
        var t = matcher.thresholds();
        long certain = found.stream().filter(f -> f.score().probability() >= t.match()).count();
        double odds = Math.log((certain + 1.0) / Math.max(1, compared - certain + 1)) / Math.log(2);
        double shift = Math.min(0, odds - matcher.model().prior());
        List<MatchRepository.NewCandidate> out = new ArrayList<>(found.size());
        for (Scored f : found) {
            MatchScore s = f.score();
            double p = Math.min(s.probability(), 1 / (1 + Math.pow(2, -(s.weight() + shift))));
            if (p < t.review()) continue;
            List<String> why = new ArrayList<>(s.explanation());
            if (shift < 0) {
                why.add(String.format(Locale.ROOT, "prior for this index: %+.1f (%,d of %,d compared pairs certain)",
                        shift, certain, compared));
            }
            out.add(new MatchRepository.NewCandidate(f.a(), f.b(), p, t.grade(p).code(), explanation(why)));
        }
        out.sort((x, y) -> Long.compare(MatchRepository.pairKey(x.patientA(), x.patientB()),
                MatchRepository.pairKey(y.patientA(), y.patientB())));
        return out;
    }

    /** Counts and phase times (seconds) of one scan. */
    public record ScanResult(long jobId, long patients, long pairsCompared, long candidates, double loadSeconds,
                             double blockSeconds, double compareSeconds, double writeSeconds) {}

    /**
     * Every pair of records that shares a blocking key, once, as (index a) << 32 | (index b), a < b. Keys are hashed
     * to 42 bits and packed with the record's index so that one sort groups each block.
     */
    static long[] candidatePairs(List<MatchRecord> records) {
        LongList narrow = new LongList(records.size() * 10);
        LongList broad = new LongList(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
            for (String key : BlockingKeys.of(records.get(i))) {
                long entry = (hash(key) << INDEX_BITS) | i;
                (BlockingKeys.broad(key) ? broad : narrow).add(entry);
            }
        }
        LongList pairs = new LongList(records.size() * 8);
        emitPairs(narrow.sorted(), narrowBlockLimit(records.size()), pairs);
        emitPairs(broad.sorted(), MatchEvaluation.broadBlockLimit(records.size()), pairs);
        long[] all = pairs.sorted();
        int n = 0;
        for (int k = 0; k < all.length; k++) {
            if (k == 0 || all[k] != all[k - 1]) all[n++] = all[k];
        }
        return Arrays.copyOf(all, n);
    }

    private static void emitPairs(long[] entries, int limit, LongList out) {
        long mask = (1L << INDEX_BITS) - 1;
        int start = 0;
        while (start < entries.length) {
            long block = entries[start] >>> INDEX_BITS;
            int end = start + 1;
            while (end < entries.length && entries[end] >>> INDEX_BITS == block) end++;
            int size = end - start;
            if (size > 1 && size <= limit) {
                for (int x = start; x < end; x++) {
                    long a = entries[x] & mask;
                    for (int y = x + 1; y < end; y++) {
                        long b = entries[y] & mask;
                        if (a != b) out.add(a < b ? a << 32 | b : b << 32 | a);
                    }
                }
            }
            start = end;
        }
    }

    /** 42 bits of a 64-bit FNV-1a hash. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return (h ^ (h >>> 29)) & ((1L << (64 - INDEX_BITS)) - 1);
    }

    /** Writes candidates and their work items, 500 to a transaction. */
    private int write(List<MatchRepository.NewCandidate> candidates, Long jobId) {
        int written = 0;
        for (int i = 0; i < candidates.size(); i += 500) {
            List<MatchRepository.NewCandidate> batch = candidates.subList(i, Math.min(candidates.size(), i + 500));
            Integer n = tx.execute(s -> {
                List<Long> ids = repository.insertCandidates(batch, jobId, now());
                for (int k = 0; k < batch.size(); k++) createWorkItem(ids.get(k), batch.get(k), jobId);
                return ids.size();
            });
            written += n == null ? 0 : n;
        }
        return written;
    }

    private void createWorkItem(long candidateId, MatchRepository.NewCandidate c, Long jobId) {
        long a = Math.min(c.patientA(), c.patientB());
        long b = Math.max(c.patientA(), c.patientB());
        String grade = c.grade();
        WorkItem item = workQueue.create(NewWorkItem.of(WORK_ITEM_TYPE, SUBJECT_TYPE, candidateId, a,
                        "Possible duplicate: patients " + a + " and " + b,
                        String.format(Locale.ROOT, "Match score %.2f (%s), found by %s", c.score(), grade,
                                jobId == null ? "registration" : "duplicate scan " + jobId))
                        .withPriority("certain".equals(grade) ? 2 : 3),
                Actor.system(SCAN));
        repository.linkWorkItem(candidateId, item.id());
    }

    // ------------------------------------------------------------------ incremental

    /** At most this many patients of one change are checked in the changing request; more are checked in the background. */
    static final int CHECK_AT_ONCE = 5;
    /**
     * Patients waiting for a background check, at most; a bulk load beyond that is left to the next duplicate scan
     * (they are still indexed for matching by the catch-up), so a flood of registrations cannot exhaust memory.
     */
    static final int CHECK_BACKLOG = 100_000;
    private final AtomicLong checkBacklog = new AtomicLong();

    /**
     * Once the current transaction commits, matches these new or changed patients against the index and proposes
     * their likely duplicates: a few at once (the registering user's work item is there when the page answers), a
     * bulk registration in the background. A check that fails is left to the next scan; the change itself stands.
     */
    public void checkAfterCommit(List<Long> patientIds) {
        if (patientIds.isEmpty()) return;
        List<Long> ids = List.copyOf(patientIds);
        Runnable check = () -> checkQuietly(ids);
        boolean background = BACKGROUND.get() != null;
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            check.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (ids.size() <= CHECK_AT_ONCE && !background) {
                    check.run();
                } else if (checkBacklog.addAndGet(ids.size()) > CHECK_BACKLOG) {
                    checkBacklog.addAndGet(-ids.size());
                    log.info("Duplicate check of {} patients registered in bulk skipped: {} are waiting already;"
                            + " the next duplicate scan covers them", ids.size(), checkBacklog.get());
                } else {
                    int added = waiting.add(ids);
                    checkBacklog.addAndGet(added - ids.size()); // a patient already waiting is checked once
                }
            }
        });
    }

    private static final ThreadLocal<Boolean> BACKGROUND = new ThreadLocal<>();

    /**
     * Runs work whose new and changed patients are checked in the background after it commits, however few they are:
     * for an interface feed, where nobody waits for the work item and the sender waits for the acknowledgement.
     */
    public static <T> T checkingInBackground(java.util.function.Supplier<T> work) {
        Boolean before = BACKGROUND.get();
        BACKGROUND.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) BACKGROUND.remove();
        }
    }

    /** How long the background check lets changes gather, so that a feed's patients are indexed in one transaction. */
    static final long GATHER_MILLIS = 100;
    static final int CHECK_BATCH = 500;
    /** Patients waiting for the background check (interface messages, bulk registrations), each once. */
    private final org.chartkeeper.GatheredBatches waiting = new org.chartkeeper.GatheredBatches("duplicate-check",
            GATHER_MILLIS, CHECK_BATCH, batch -> {
                try {
                    checkQuietly(batch);
                } finally {
                    checkBacklog.addAndGet(-batch.size());
                }
            });

    private void checkQuietly(List<Long> ids) {
        try {
            checkPatients(ids);
        } catch (RuntimeException e) {
            log.info("Duplicate check of {} new or changed patient(s) failed ({}); the next scan finds them",
                    ids.size(), e.getClass().getSimpleName());
        }
    }

    /**
     * Matches one new or changed patient against the index at once and proposes the pairs at or above the review
     * threshold that were never proposed or decided before. Returns the new candidates.
     */
    public List<MatchResult> checkPatient(long patientId) {
        return checkPatients(List.of(patientId)).getOrDefault(patientId, List.of());
    }

    /**
     * Indexes these new or changed patients, matches each against the index and proposes the pairs at or above the
     * review threshold that were never proposed or decided before (a pair two of them make together, once); then
     * scores their open pairs again. The index is read, and what is known of the pairs, for all of them together: a
     * gathered batch costs a few round trips, not five for each patient. Returns the new candidates by patient.
     */
    Map<Long, List<MatchResult>> checkPatients(List<Long> patientIds) {
        matching.index(patientIds);
        Map<Long, Demographics> people = new LinkedHashMap<>();
        Map<Long, MatchRecord> selves = new LinkedHashMap<>();
        for (MatchRepository.Row row : repository.load(patientIds)) {
            Demographics d = row.demographics();
            MatchRecord self = matching.record(row);
            selves.put(row.id(), self);
            people.put(row.id(), new Demographics(d.familyName(), d.givenName(), d.middleName(), d.birthDate(), d.sex(),
                    d.addressLine(), d.city(), d.state(), d.postalCode(), d.phone(), d.email(), self.ssn(),
                    d.identifiers()));
        }
        if (people.isEmpty()) return Map.of();
        Map<Long, List<MatchResult>> matches = matching.matchEach(people, 20);
        Set<Long> pairs = new LinkedHashSet<>();
        matches.forEach((id, found) -> found.forEach(m -> pairs.add(MatchRepository.pairKey(id, m.patientId()))));
        Set<Long> known = pairs.isEmpty() ? Set.of() : repository.knownOf(pairs);
        Set<Long> proposed = new HashSet<>();
        List<MatchRepository.NewCandidate> fresh = new ArrayList<>();
        Map<Long, List<MatchResult>> out = new LinkedHashMap<>();
        matches.forEach((id, found) -> {
            List<MatchResult> mine = new ArrayList<>();
            for (MatchResult m : found) {
                long pair = MatchRepository.pairKey(id, m.patientId());
                if (known.contains(pair) || !proposed.add(pair)) continue;
                fresh.add(new MatchRepository.NewCandidate(id, m.patientId(), m.score(), m.grade().code(),
                        explanation(m.explanation())));
                mine.add(m);
            }
            out.put(id, mine);
        });
        write(fresh, null);
        rescoreOpenPairs(selves);
        return out;
    }

    /**
     * The open pairs of these patients scored again with the demographics as they are now; a pair of two of them is
     * scored from each side in turn, the later one's score standing (as if they were checked one after the other).
     */
    private void rescoreOpenPairs(Map<Long, MatchRecord> selves) {
        Map<Long, List<MatchRepository.OpenPair>> open = repository.openPairsOfEach(selves.keySet());
        if (open.isEmpty()) return;
        Set<Long> otherIds = new LinkedHashSet<>();
        open.values().forEach(pairs -> pairs.forEach(p -> otherIds.add(p.other())));
        Map<Long, MatchRepository.Row> others = PatientMatchService.byId(repository.load(otherIds));
        TermFrequencies tf = matching.frequencies();
        Map<Long, MatchRepository.OpenPair> changed = new LinkedHashMap<>();
        selves.forEach((patientId, self) -> {
            for (MatchRepository.OpenPair pair : open.getOrDefault(patientId, List.of())) {
                MatchRepository.Row other = others.get(pair.other());
                if (other == null) continue; // merged meanwhile
                MatchScore score = matching.matcher().score(self, matching.record(other), tf);
                MatchRepository.OpenPair was = changed.getOrDefault(pair.id(), pair);
                MatchRepository.OpenPair is = new MatchRepository.OpenPair(pair.id(), pair.other(), score.probability(),
                        score.grade().code(), explanation(score.explanation()));
                // a change that leaves the pair's score as it was (a new phone number on one side) writes nothing
                if (is.score() == was.score() && is.grade().equals(was.grade()) && is.explanation().equals(was.explanation())) {
                    continue;
                }
                changed.put(pair.id(), is);
            }
        });
        if (!changed.isEmpty()) {
            tx.executeWithoutResult(s -> changed.values().forEach(p ->
                    repository.rescore(p.id(), p.score(), p.grade(), p.explanation())));
        }
    }

    // ------------------------------------------------------------------ listing

    /** Candidate pairs with a score of at least {@code minScore}, best first, one page. Audited as a list. */
    public Page duplicates(double minScore, String status, int page, int size) {
        if (minScore < 0 || minScore > 1 || Double.isNaN(minScore)) {
            throw new InvalidRequestException("minScore", "minScore must be between 0 and 1");
        }
        if (page < 0) throw new InvalidRequestException("page", "page starts at 0");
        if (size < 1 || size > 500) throw new InvalidRequestException("size", "size must be 1 to 500");
        if (status != null && !List.of("open", "merged", "not-duplicate", "investigating").contains(status)) {
            throw new InvalidRequestException("status", "status is one of open, merged, not-duplicate, investigating");
        }
        List<MatchRepository.Candidate> rows = repository.candidates(minScore, status, page * size, size);
        long total = repository.countCandidates(minScore, status);
        List<Long> shown = new ArrayList<>();
        rows.forEach(r -> {
            shown.add(r.patientA());
            shown.add(r.patientB());
        });
        gate.list(DataCategory.DEMOGRAPHICS, "DuplicateCandidate", shown, "duplicate candidates");
        return new Page(rows.stream().map(DuplicateService::view).toList(), page, size, total);
    }

    private static Pair view(MatchRepository.Candidate c) {
        return new Pair(c.id(), String.valueOf(c.patientA()), String.valueOf(c.patientB()), c.score(), c.grade(),
                c.status(), c.foundAt().toInstant(), c.workItemId(),
                c.explanation() == null ? List.of() : List.of(c.explanation().split("\n")));
    }

    private static Job view(MatchRepository.Job j) {
        double progress = "done".equals(j.status()) ? 1
                : j.patientsTotal() == 0 ? 0 : Math.min(0.99, j.patientsScanned() / (double) j.patientsTotal());
        return new Job(j.id(), j.kind(), j.status(), j.requestedBy(), instant(j.startedAt()), instant(j.finishedAt()),
                j.patientsTotal(), j.patientsScanned(), j.pairsCompared(), j.candidatesFound(), j.error(), progress);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** The explanation lines as stored (one a line, within the column's 2,000 characters). */
    static String explanation(List<String> lines) {
        String s = String.join("\n", lines);
        return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A growable array of longs. */
    private static final class LongList {
        private long[] a;
        private int n;

        LongList(int capacity) {
            a = new long[Math.max(16, capacity)];
        }

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length + (a.length >> 1) + 16);
            a[n++] = v;
        }

        long[] sorted() {
            long[] s = Arrays.copyOf(a, n);
            Arrays.parallelSort(s);
            return s;
        }
    }
}
