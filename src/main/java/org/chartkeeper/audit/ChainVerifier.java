package org.chartkeeper.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the audit chain and reports the first event that is missing, altered or out of the chain. Ranges of the chain
 * are checked in parallel (each row carries its predecessor's hash, so a range can be checked on its own) and the
 * seams between ranges are checked afterwards.
 */
@Service
public class ChainVerifier {

    private static final long MIN_RANGE = 200_000;

    private final AuditRepository repository;
    private final TransactionTemplate readOnly;

    public ChainVerifier(AuditRepository repository, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public enum ProblemKind { MISSING, ALTERED, BROKEN_LINK, INSERTED, HEAD_MISMATCH }

    public record Problem(long seq, ProblemKind kind, String description) {}

    public record Result(long eventsChecked, long lastSeq, Duration elapsed, Optional<Problem> firstProblem) {
        public boolean intact() {
            return firstProblem.isEmpty();
        }

        public double eventsPerSecond() {
            double s = Math.max(elapsed.toNanos(), 1) / 1e9;
            return eventsChecked / s;
        }
    }

    private record RangeResult(long from, String firstPrevHash, String lastHash, long checked, Problem problem) {}

    public Result verify() {
        return verify(Runtime.getRuntime().availableProcessors());
    }

    public Result verify(int threads) {
        long started = System.nanoTime();
        AuditRepository.Head head = repository.head();
        long last = head.lastSeq();
        List<Problem> problems = new ArrayList<>();
        long checked = 0;

        if (last > 0) {
            int parts = (int) Math.max(1, Math.min(threads, last / MIN_RANGE));
            long size = (last + parts - 1) / parts;
            List<RangeResult> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(parts)) {
                List<Future<RangeResult>> futures = new ArrayList<>();
                for (long from = 1; from <= last; from += size) {
                    long a = from;
                    long b = Math.min(last, from + size - 1);
                    futures.add(pool.submit(() -> readOnly.execute(s -> checkRange(a, b))));
                }
                for (Future<RangeResult> f : futures) results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Verification interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Verification failed: " + e.getCause().getMessage(), e.getCause());
            }
            String expectedPrev = AuditChain.GENESIS;
            for (RangeResult r : results) {
                checked += r.checked();
                if (r.problem() != null) problems.add(r.problem());
                if (r.firstPrevHash() != null && !r.firstPrevHash().equals(expectedPrev)) {
                    problems.add(new Problem(r.from(), ProblemKind.BROKEN_LINK,
                            "event " + r.from() + " does not link to the event before it"));
                }
                expectedPrev = r.lastHash() == null ? expectedPrev : r.lastHash();
            }
            if (problems.isEmpty() && !head.lastHash().equals(expectedPrev)) {
                problems.add(new Problem(last, ProblemKind.HEAD_MISMATCH,
                        "the newest event " + last + " does not match the recorded head of the chain"));
            }
        }
        long extra = repository.countAfter(last);
        if (extra > 0) {
            problems.add(new Problem(last + 1, ProblemKind.INSERTED,
                    extra + " event(s) stored after the head of the chain (seq > " + last + ") were not appended by Chartkeeper"));
        }
        Optional<Problem> first = problems.stream().min(Comparator.comparingLong(Problem::seq));
        return new Result(checked, last, Duration.ofNanos(System.nanoTime() - started), first);
    }

    private RangeResult checkRange(long from, long to) {
        return repository.postgres() ? checkRangeFast(from, to) : checkRangeGeneric(from, to);
    }

    /** The same checks as {@link #checkRangeGeneric}, on the driver's raw bytes (PostgreSQL's text protocol). */
    private RangeResult checkRangeFast(long from, long to) {
        var state = new Object() {
            long expected = from;
            String firstPrev;
            byte[] prevHash;
            long checked;
            Problem problem;
        };
        ChainRowHasher row = new ChainRowHasher();
        repository.stream(from, to, rs -> {
            state.checked++;
            if (state.problem != null) return;
            boolean hashMatches = row.readAndCheck(rs);
            long seq = row.seq;
            if (seq != state.expected) {
                state.problem = new Problem(state.expected, ProblemKind.MISSING, missing(state.expected, seq));
                return;
            }
            if (state.prevHash == null) {
                state.firstPrev = new String(row.prevHash, java.nio.charset.StandardCharsets.US_ASCII);
            } else if (!ChainRowHasher.sameHash(state.prevHash, row.prevHash)) {
                state.problem = new Problem(seq, ProblemKind.BROKEN_LINK,
                        "event " + seq + " does not link to event " + (seq - 1));
                return;
            }
            if (!hashMatches) {
                state.problem = new Problem(seq, ProblemKind.ALTERED,
                        "event " + seq + " was changed after it was recorded (its hash no longer matches)");
                return;
            }
            state.prevHash = row.storedHash;
            state.expected++;
        });
        if (state.problem == null && state.expected != to + 1) {
            state.problem = new Problem(state.expected, ProblemKind.MISSING, missing(state.expected, to + 1));
        }
        String last = state.prevHash == null ? null : new String(state.prevHash, java.nio.charset.StandardCharsets.US_ASCII);
        return new RangeResult(from, state.firstPrev, last, state.checked, state.problem);
    }

    private RangeResult checkRangeGeneric(long from, long to) {
        var state = new Object() {
            long expected = from;
            String firstPrev;
            String prevHash;
            long checked;
            Problem problem;
        };
        repository.stream(from, to, rs -> {
            AuditEvent e = AuditRepository.map(rs);
            state.checked++;
            if (state.problem != null) return;
            if (e.seq() != state.expected) {
                state.problem = new Problem(state.expected, ProblemKind.MISSING, missing(state.expected, e.seq()));
                return;
            }
            if (state.prevHash == null) {
                state.firstPrev = e.prevHash();
            } else if (!state.prevHash.equals(e.prevHash())) {
                state.problem = new Problem(e.seq(), ProblemKind.BROKEN_LINK,
                        "event " + e.seq() + " does not link to event " + (e.seq() - 1));
                return;
            }
            if (!AuditChain.hash(e).equals(e.hash())) {
                state.problem = new Problem(e.seq(), ProblemKind.ALTERED,
                        "event " + e.seq() + " was changed after it was recorded (its hash no longer matches)");
                return;
            }
            state.prevHash = e.hash();
            state.expected++;
        });
        if (state.problem == null && state.expected != to + 1) {
            state.problem = new Problem(state.expected, ProblemKind.MISSING, missing(state.expected, to + 1));
        }
        return new RangeResult(from, state.firstPrev, state.prevHash, state.checked, state.problem);
    }

    private static String missing(long expected, long found) {
        long count = found - expected;
        return count == 1 ? "event " + expected + " is missing (deleted)"
                : "events " + expected + " to " + (found - 1) + " are missing (deleted)";
    }
}
