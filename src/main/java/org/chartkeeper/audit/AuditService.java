package org.chartkeeper.audit;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one path by which anything is written to the audit trail.
 *
 * <p>Group commit: callers hand their event to one writer thread and wait until it is committed. The writer takes
 * every event waiting at that moment and appends them in one transaction (one lock of the chain head, one batch
 * insert, one commit), so under load many accesses share a commit instead of queueing for one each. Each caller
 * still returns only after its own event is durable, and an event that cannot be written throws
 * {@link AuditUnavailableException}: callers record before they show or change anything, so that failure refuses
 * the access (fail closed). Events commit in their own transaction, so a refusal is recorded even when the caller's
 * work rolls back.
 */
@Service
public class AuditService {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final int MAX_BATCH = 500;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(10);

    private final AuditRepository repository;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>(50_000);
    private final Thread writer;
    private volatile boolean running = true;

    private record Pending(AuditEntry entry, Actor actor, CompletableFuture<Long> done) {}

    public AuditService(AuditRepository repository, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).start(this::writeLoop);
    }

    /**
     * Where work that is not an HTTP request comes from (an interface message): its source address, a reference to
     * it (as a session would be), and a note added to the detail of every event recorded while it runs on this thread.
     * With {@code deferred}, the events of the work are collected and written together by {@link #flushDeferred()},
     * which the work calls before it commits its changes: the events are still durable before anything they describe
     * is, and one message costs one audit commit instead of one per access.
     */
    public record Origin(String sourceAddress, String reference, String note, boolean deferred) {}

    private static final ThreadLocal<Origin> ORIGIN = new ThreadLocal<>();
    private static final ThreadLocal<List<Pending>> DEFERRED = new ThreadLocal<>();

    /** Runs {@code work} with every event it records on this thread carrying {@code origin}. */
    public <T> T from(Origin origin, java.util.function.Supplier<T> work) {
        Origin before = ORIGIN.get();
        List<Pending> deferredBefore = DEFERRED.get();
        ORIGIN.set(origin);
        if (origin.deferred()) DEFERRED.set(new ArrayList<>());
        try {
            return work.get();
        } finally {
            try {
                if (origin.deferred()) flushDeferred(); // events of work that failed before it flushed
            } finally {
                if (before == null) ORIGIN.remove(); else ORIGIN.set(before);
                if (deferredBefore == null) DEFERRED.remove(); else DEFERRED.set(deferredBefore);
            }
        }
    }

    /** Writes the events collected so far by a deferred {@link #from}; throws if they cannot be written. */
    public void flushDeferred() {
        List<Pending> waiting = DEFERRED.get();
        if (waiting == null || waiting.isEmpty()) return;
        List<Pending> batch = List.copyOf(waiting);
        waiting.clear();
        for (Pending p : batch) {
            if (!running || !pending.offer(p)) {
                throw new AuditUnavailableException(new IllegalStateException("the audit writer is not accepting events"));
            }
        }
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        try {
            for (Pending p : batch) p.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(e);
        }
    }

    /** Records an event on behalf of the current request's user. Returns its sequence number once committed. */
    public long record(AuditEntry entry) {
        Origin origin = ORIGIN.get();
        if (origin == null) return record(entry, Actor.current());
        List<Pending> deferred = DEFERRED.get();
        if (origin.deferred() && deferred != null) {
            deferred.add(new Pending(noted(entry, origin), originActor(origin), new CompletableFuture<>()));
            return 0; // written by flushDeferred, before the work commits
        }
        return record(noted(entry, origin), originActor(origin));
    }

    private static Actor originActor(Origin origin) {
        Actor a = Actor.current();
        return new Actor(a.userId(), a.username(), a.roles(), origin.sourceAddress(), origin.reference());
    }

    private static AuditEntry noted(AuditEntry entry, Origin origin) {
        if (origin.note() == null) return entry;
        return entry.withDetail(entry.detail() == null ? origin.note() : entry.detail() + "; " + origin.note());
    }

    public long record(AuditEntry entry, Actor actor) {
        Pending p = new Pending(entry, actor, new CompletableFuture<>());
        if (!running || !pending.offer(p)) {
            throw new AuditUnavailableException(new IllegalStateException("the audit writer is not accepting events"));
        }
        try {
            return p.done().get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(e);
        }
    }

    /**
     * Records several events for the current request's user at once (a bulk registration): all are handed to the
     * writer together, so they share its commits. Returns their sequence numbers once all are committed; throws
     * {@link AuditUnavailableException} if any could not be written.
     */
    public List<Long> recordAll(List<AuditEntry> entries) {
        Origin origin = ORIGIN.get();
        Actor actor = origin == null ? Actor.current() : originActor(origin);
        List<Pending> waiting = new ArrayList<>(entries.size());
        for (AuditEntry entry : entries) {
            Pending p = new Pending(origin == null ? entry : noted(entry, origin), actor, new CompletableFuture<>());
            if (!running || !pending.offer(p)) {
                throw new AuditUnavailableException(new IllegalStateException("the audit writer is not accepting events"));
            }
            waiting.add(p);
        }
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        List<Long> seqs = new ArrayList<>(waiting.size());
        try {
            for (Pending p : waiting) {
                seqs.add(p.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return seqs;
        } catch (ExecutionException e) {
            throw new AuditUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (Throwable t) {
                log.error("Audit writer failed on a batch of {} events ({})", batch.size(), t.getClass().getName());
                batch.forEach(p -> p.done().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Long> seqs = append(batch);
            for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(seqs.get(i));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(batchFailed);
                return;
            }
            // one bad event must not refuse the others: write them one by one
            for (Pending p : batch) {
                try {
                    p.done().complete(append(List.of(p)).getFirst());
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    private List<Long> append(List<Pending> batch) {
        return ownTransaction.execute(status -> {
            AuditRepository.Head head = repository.lockHead();
            Instant now = AuditChain.truncate(clock.instant());
            String prev = head.lastHash();
            long seq = head.lastSeq();
            List<AuditEvent> events = new ArrayList<>(batch.size());
            List<Long> seqs = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                AuditEntry entry = p.entry();
                Actor actor = p.actor();
                AuditEvent unsigned = new AuditEvent(++seq, now, actor.userId(), clip(actor.username(), 64),
                        clip(actor.roles(), 200), entry.patientId(), entry.action().name(), entry.category().name(),
                        clip(entry.resourceType(), 60), clip(entry.resourceId(), 100), entry.outcome().name(),
                        clip(actor.sourceAddress(), 64), clip(actor.sessionRef(), 64), clip(entry.reason(), 1000),
                        clip(entry.detail(), 1000), prev, null);
                AuditEvent signed = withHash(unsigned, AuditChain.hash(unsigned));
                events.add(signed);
                seqs.add(signed.seq());
                prev = signed.hash();
            }
            repository.appendBatch(events);
            return seqs;
        });
    }

    /** Stops taking events and writes those already handed in. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.join(WAIT_LIMIT.toMillis());
    }

    static AuditEvent withHash(AuditEvent e, String hash) {
        return new AuditEvent(e.seq(), e.time(), e.userId(), e.username(), e.userRoles(), e.patientId(), e.action(),
                e.category(), e.resourceType(), e.resourceId(), e.outcome(), e.sourceAddress(), e.sessionRef(),
                e.reason(), e.detail(), e.prevHash(), hash);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
