package org.chartkeeper.patient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.patient.match.BlockingKeys;
import org.chartkeeper.patient.match.MatchModel;
import org.chartkeeper.patient.match.MatchRecord;
import org.chartkeeper.patient.match.MatchScore;
import org.chartkeeper.patient.match.MatchThresholds;
import org.chartkeeper.patient.match.PatientMatcher;
import org.chartkeeper.patient.match.TermFrequencies;
import org.chartkeeper.security.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Probabilistic matching of a person against the patient index: {@link #findMatches} for registration and FHIR
 * {@code $match}, {@link #compare} for a pair. Candidates come from the blocking-key index (table
 * {@code patient_match_key}), which follows the patient table: registration indexes its patient at once
 * ({@link #index}), and every few seconds the patients anything else added or changed are indexed ({@link #catchUp}).
 *
 * <p>Thresholds: {@code chartkeeper.mpi.match-threshold} (default 0.95) and {@code chartkeeper.mpi.review-threshold}
 * (default 0.5), on the match probability.
 */
@Service
public class PatientMatchService {

    private static final Logger log = LoggerFactory.getLogger(PatientMatchService.class);
    /** At most this many candidates are scored for one search. */
    static final int CANDIDATE_LIMIT = 2000;
    /** Patients indexed per catch-up step. */
    private static final int CATCH_UP_BATCH = 2000;
    private static final long FREQUENCY_TTL_MILLIS = 10 * 60 * 1000;
    /** How often the index looks for patients added or changed by anything that did not index them itself. */
    static final int CATCH_UP_EVERY_SECONDS = 5;
    /** An online search looks into smaller broad blocks than the batch scan (answer time over recall). */
    static final int ONLINE_BROAD_LIMIT = 100;
    /** Below this many candidates from the narrow keys, the broad keys are looked into too. */
    static final int FEW_CANDIDATES = 10;

    private final MatchRepository repository;
    private final AccessGate gate;
    private final SecretCipher cipher;
    private final Clock clock;
    private final TransactionTemplate separate;
    private final PatientMatcher matcher;

    /** Patients changed before this were indexed (minus a safety overlap for late commits). */
    private volatile OffsetDateTime indexedSince = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private final Map<String, Double> frequencies = new ConcurrentHashMap<>();
    private volatile long frequenciesAt;
    private volatile long population;
    private final java.util.concurrent.locks.ReentrantLock catchingUp = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.ScheduledExecutorService background =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "match-index");
                t.setDaemon(true);
                return t;
            });
    private final String webApplicationType;

    public PatientMatchService(MatchRepository repository, @Lazy AccessGate gate, SecretCipher cipher, Clock clock,
                               PlatformTransactionManager transactions,
                               @Value("${chartkeeper.mpi.match-threshold:0.95}") double matchThreshold,
                               @Value("${chartkeeper.mpi.review-threshold:0.5}") double reviewThreshold,
                               @Value("${spring.main.web-application-type:servlet}") String webApplicationType) {
        this.webApplicationType = webApplicationType;
        this.repository = repository;
        this.gate = gate;
        this.cipher = cipher;
        this.clock = clock;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.matcher = new PatientMatcher(MatchModel.defaults(), new MatchThresholds(matchThreshold, reviewThreshold));
    }

    public MatchThresholds thresholds() {
        return matcher.thresholds();
    }

    PatientMatcher matcher() {
        return matcher;
    }

    /**
     * Existing patients who are probably this person (score at or above the review threshold), best first, at most
     * {@code limit}. A search of the index: needs {@code patient.search} and is recorded in the audit trail.
     */
    public List<MatchResult> findMatches(Demographics person, int limit) {
        validate(person, limit);
        List<MatchResult> results = match(person, limit, 0, true);
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", "match:" + describe(person), results.size());
        return results;
    }

    /**
     * Existing patients who are certainly this person (linking an interface's patient without a known identifier):
     * as {@link #findMatches}, graded certain only, and looked for among those who share a strong or a wide blocking
     * key. The broad keys (the name's sound alone) find the probable matches that a person with a mistyped birth date
     * and no phone needs, and those are never linked anyway: the duplicate check after the change looks there too.
     */
    public List<MatchResult> findCertainMatches(Demographics person, int limit) {
        validate(person, limit);
        List<MatchResult> results = match(person, limit, 0, false).stream()
                .filter(r -> r.grade() == org.chartkeeper.patient.MatchGrade.CERTAIN).toList();
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", "match:" + describe(person), results.size());
        return results;
    }

    /** The score of two people as registration describes them (no patient is read). */
    public MatchResult compare(Demographics a, Demographics b) {
        MatchScore s = matcher.score(MatchRecord.of(0, a), MatchRecord.of(0, b), TermFrequencies.NONE);
        return new MatchResult(0, s.probability(), s.grade(), s.explanation());
    }

    /** The score of two registered patients, each opened through the access gate; the result names the second. */
    public MatchResult compare(long patientA, long patientB) {
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, patientA, "Patient", patientA));
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, patientB, "Patient", patientB));
        Map<Long, MatchRecord> rows = new LinkedHashMap<>();
        for (MatchRepository.Row r : repository.load(List.of(patientA, patientB))) rows.put(r.id(), record(r));
        if (!rows.containsKey(patientA)) throw new PatientNotFoundException(patientA);
        if (!rows.containsKey(patientB)) throw new PatientNotFoundException(patientB);
        MatchScore s = matcher.score(rows.get(patientA), rows.get(patientB), frequencies());
        return new MatchResult(patientB, s.probability(), s.grade(), s.explanation());
    }

    /** Indexes one patient now (after registration or a change of demographics), in its own transaction. */
    public void index(long patientId) {
        index(List.of(patientId));
    }

    /**
     * Indexes these patients now, in one transaction of its own. The background catch-up (or another node) may be
     * indexing the same new patients at the same moment; each replaces a patient's keys (deleted, then inserted), so
     * two at once collide on the key: the loser is tried again, after the other has committed (a request waiting for
     * a long catch-up would be worse than a retry).
     */
    public void index(List<Long> patientIds) {
        for (int attempt = 1; ; attempt++) {
            try {
                separate.executeWithoutResult(tx -> {
                    Map<MatchRepository.Row, List<String>> keys = new LinkedHashMap<>();
                    for (MatchRepository.Row r : repository.load(patientIds)) keys.put(r, BlockingKeys.of(record(r)));
                    repository.index(keys);
                });
                return;
            } catch (org.springframework.dao.DuplicateKeyException collided) {
                if (attempt == 3) throw collided;
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw collided;
                }
            }
        }
    }

    /** Indexes every patient whose keys are missing or stale; returns how many. */
    public long catchUp() {
        catchingUp.lock();
        try {
            return catchUpNow();
        } finally {
            catchingUp.unlock();
        }
    }

    /** The background catch-up: skipped while another one runs. */
    private void catchUpQuietly() {
        if (!catchingUp.tryLock()) return;
        try {
            catchUpNow();
        } catch (RuntimeException e) {
            log.info("Match index catch-up failed: {}", e.getClass().getSimpleName());
        } finally {
            catchingUp.unlock();
        }
    }

    @jakarta.annotation.PostConstruct
    void startCatchingUp() {
        if ("none".equals(webApplicationType)) return; // command-line runs index what they need themselves
        background.scheduleWithFixedDelay(this::catchUpQuietly, 5, CATCH_UP_EVERY_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stopCatchingUp() {
        background.shutdownNow();
    }

    private long catchUpNow() {
        OffsetDateTime started = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime since = indexedSince;
        long done = 0;
        try {
            long after = 0;
            while (true) {
                long from = after;
                List<Long> stale = separate.execute(tx -> {
                    List<Long> ids = repository.stale(since, from, CATCH_UP_BATCH);
                    Map<MatchRepository.Row, List<String>> keys = new LinkedHashMap<>();
                    for (MatchRepository.Row r : repository.load(ids)) keys.put(r, BlockingKeys.of(record(r)));
                    repository.index(keys);
                    return ids;
                });
                if (stale == null || stale.isEmpty()) break;
                done += stale.size();
                after = stale.getLast();
                if (stale.size() < CATCH_UP_BATCH) break;
            }
            // rows committed late may carry an earlier update time: look a minute back next time
            indexedSince = started.minusMinutes(1);
            if (done > 10_000) repository.analyze(); // fresh statistics, or the planner scans the whole index
        } catch (RuntimeException e) {
            // another node indexing the same patients at once; the next search catches up
            log.info("Match index catch-up deferred: {}", e.getClass().getSimpleName());
        }
        return done;
    }

    /** Matching without the audit record, for callers that record their own access (the scan, $match, tests). */
    List<MatchResult> match(Demographics person, int limit, long excludeId) {
        return match(person, limit, excludeId, true);
    }

    private List<MatchResult> match(Demographics person, int limit, long excludeId, boolean broadKeys) {
        MatchRecord probe = MatchRecord.of(0, person);
        Keys keys = Keys.of(probe);
        // both in one round trip: a new patient (most registrations) shares few strong keys with anyone
        List<List<Long>> sharing = repository.sharingEach(keys.strong(), keys.wide(), CANDIDATE_LIMIT);
        Set<Long> ids = candidates(sharing.get(0), sharing.get(1),
                () -> broadKeys ? repository.blocks(keys.broad(), ONLINE_BROAD_LIMIT) : List.of(), excludeId);
        return scored(probe, ids, byId(repository.load(ids)), frequencies(), limit);
    }

    /**
     * As {@code match(person, limit, id)} for each of these patients (each one's demographics with the full SSN), with
     * the index read and the candidates loaded for all of them together: the background duplicate check of a gathered
     * batch, a few round trips for the batch instead of four for each patient. Results by patient, in the order given.
     */
    Map<Long, List<MatchResult>> matchEach(Map<Long, Demographics> people, int limit) {
        List<Long> order = List.copyOf(people.keySet());
        List<MatchRecord> probes = new ArrayList<>(order.size());
        List<Keys> keys = new ArrayList<>(order.size());
        List<List<String>> strong = new ArrayList<>(order.size());
        List<List<String>> wide = new ArrayList<>(order.size());
        List<String> broad = new ArrayList<>();
        for (long id : order) {
            MatchRecord probe = MatchRecord.of(0, people.get(id));
            Keys k = Keys.of(probe);
            probes.add(probe);
            keys.add(k);
            strong.add(k.strong());
            wide.add(k.wide());
            broad.addAll(k.broad());
        }
        MatchRepository.SharedKeys shared = repository.sharingOfEach(strong, wide, broad, CANDIDATE_LIMIT, ONLINE_BROAD_LIMIT);
        List<Set<Long>> idsOf = new ArrayList<>(order.size());
        Set<Long> all = new LinkedHashSet<>();
        for (int n = 0; n < order.size(); n++) {
            List<String> broadKeys = keys.get(n).broad();
            Set<Long> ids = candidates(shared.strong().get(n), shared.wide().get(n), () -> {
                List<Long> inBlocks = new ArrayList<>(); // as blocks(): each key's patients, the keys in order
                for (String key : broadKeys) inBlocks.addAll(shared.broad().getOrDefault(key, List.of()));
                return inBlocks;
            }, order.get(n));
            idsOf.add(ids);
            all.addAll(ids);
        }
        Map<Long, MatchRepository.Row> rows = byId(repository.load(all));
        TermFrequencies tf = frequencies();
        Map<Long, List<MatchResult>> out = new LinkedHashMap<>();
        for (int n = 0; n < order.size(); n++) out.put(order.get(n), scored(probes.get(n), idsOf.get(n), rows, tf, limit));
        return out;
    }

    /** A person's blocking keys by how narrow they are. */
    private record Keys(List<String> strong, List<String> wide, List<String> broad) {
        static Keys of(MatchRecord probe) {
            List<String> strong = new ArrayList<>();
            List<String> broad = new ArrayList<>();
            List<String> wide = new ArrayList<>();
            for (String key : BlockingKeys.of(probe)) {
                (BlockingKeys.broad(key) ? broad : BlockingKeys.strong(key) ? strong : wide).add(key);
            }
            return new Keys(strong, wide, broad);
        }
    }

    /**
     * The patients to score: those sharing a strong key (birth date, both names, phone, e-mail, SSN, identifiers); the
     * wider keys' (a name with a birth year, a place with a birth year) only when those are few; and when there is still
     * little to go on (a wrong birth date and no phone, say), the broad keys' (people of the same name sound).
     */
    private static Set<Long> candidates(List<Long> strong, List<Long> wide, java.util.function.Supplier<List<Long>> broad,
                                        long excludeId) {
        Set<Long> ids = new LinkedHashSet<>(strong);
        if (ids.size() < FEW_CANDIDATES) ids.addAll(wide);
        if (ids.size() < FEW_CANDIDATES) ids.addAll(broad.get());
        ids.remove(excludeId);
        return ids;
    }

    /** The candidates scoring at least the review threshold against the probe, best first, at most {@code limit}. */
    private List<MatchResult> scored(MatchRecord probe, Set<Long> ids, Map<Long, MatchRepository.Row> rows,
                                     TermFrequencies tf, int limit) {
        List<MatchResult> results = new ArrayList<>();
        for (long id : ids) {
            MatchRepository.Row r = rows.get(id);
            if (r == null) continue; // merged or inactive
            MatchScore s = matcher.scoreIfAtLeast(probe, record(r), tf, matcher.thresholds().review());
            if (s != null) results.add(new MatchResult(r.id(), s.probability(), s.grade(), s.explanation()));
        }
        results.sort(Comparator.comparingDouble(MatchResult::score).reversed().thenComparingLong(MatchResult::patientId));
        return results.size() > limit ? List.copyOf(results.subList(0, limit)) : List.copyOf(results);
    }

    static Map<Long, MatchRepository.Row> byId(List<MatchRepository.Row> rows) {
        Map<Long, MatchRepository.Row> byId = new HashMap<>(rows.size() * 2);
        for (MatchRepository.Row r : rows) byId.put(r.id(), r);
        return byId;
    }

    /** A stored patient as the matcher compares it, the SSN decrypted when there is one. */
    MatchRecord record(MatchRepository.Row r) {
        MatchRecord standardized = standardized(r);
        if (r.ssnEncrypted() == null) return standardized;
        try {
            return standardized.withSsn(cipher.decrypt(r.ssnEncrypted()));
        } catch (RuntimeException e) {
            return standardized; // an SSN written with another key: match on the last four digits
        }
    }

    /** How many patients' standardized demographics are kept (about 2 KB each); the whole cache is dropped beyond. */
    static final int STANDARDIZED_CACHE = 20_000;

    private record Standardized(MatchRepository.Row row, MatchRecord record) {}

    private final java.util.concurrent.ConcurrentHashMap<Long, Standardized> standardized = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A patient's demographics standardized (names, metaphone codes, address), without the SSN, which is never kept:
     * reused while the row read from the database is the same as the one it was made from, so a patient in a busy
     * block (a common name) is not standardized again for every registration that looks at it.
     */
    private MatchRecord standardized(MatchRepository.Row r) {
        Standardized s = standardized.get(r.id());
        if (s != null && s.row().equals(r)) return s.record();
        MatchRecord record = MatchRecord.of(r.id(), r.demographics(), r.ssnLast4());
        if (standardized.size() >= STANDARDIZED_CACHE) standardized.clear();
        standardized.put(r.id(), new Standardized(r, record));
        return record;
    }

    /** Name and city frequencies from the index (the phonetic name's share of patients), refreshed every 10 minutes. */
    TermFrequencies frequencies() {
        long now = System.currentTimeMillis();
        if (now - frequenciesAt > FREQUENCY_TTL_MILLIS || frequencies.size() > 100_000) {
            frequencies.clear();
            population = Math.max(1, repository.countActive());
            frequenciesAt = now;
        }
        return new TermFrequencies() {
            public double given(String s) { return name(s); }
            public double family(String s) { return name(s); }
            public double city(String s) { return -1; }

            private double name(String s) {
                String code = MatchRecord.code(s);
                if (code == null) return -1;
                return frequencies.computeIfAbsent(code,
                        c -> Math.max(1, repository.keyCount(BlockingKeys.BROAD + "w:" + c)) / (double) population);
            }
        };
    }

    private static void validate(Demographics d, int limit) {
        if (d == null) throw new InvalidRequestException("name", "Give the person's name");
        if ((d.familyName() == null || d.familyName().isBlank()) && (d.givenName() == null || d.givenName().isBlank())) {
            throw new InvalidRequestException("name", "Give at least a family or a given name");
        }
        if (limit < 1 || limit > 100) throw new InvalidRequestException("count", "Ask for 1 to 100 matches");
    }

    /** Which fields were given, not their values. */
    private static String describe(Demographics d) {
        StringBuilder b = new StringBuilder();
        if (d.familyName() != null) b.append(" family");
        if (d.givenName() != null) b.append(" given");
        if (d.birthDate() != null) b.append(" birthDate");
        if (d.addressLine() != null || d.postalCode() != null) b.append(" address");
        if (d.phone() != null) b.append(" phone");
        if (d.email() != null) b.append(" email");
        if (d.ssn() != null) b.append(" ssn");
        if (!d.identifiers().isEmpty()) b.append(" identifier");
        return b.toString();
    }
}
