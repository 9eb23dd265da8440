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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
 * work rolls back. The exception is work that defers its events (an interface message, {@link Origin}): flushed just
 * before its commit, they are chained in its own transaction and commit with its changes, in one commit.
 */
@Service
public class AuditService {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final int MAX_BATCH = 500;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(10);

    private final AuditRepository repository;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final BlockingQueue<Group> pending = new LinkedBlockingQueue<>(50_000);
    private final Thread writer;
    private volatile boolean running = true;

    private record Pending(AuditEntry entry, Actor actor) {}

    /**
     * Events handed in together (one access, a bulk registration's, a message's): queued as one, so the writer takes
     * them in one transaction. Offered one by one, the writer would wake at the first and commit it alone, and the
     * caller would wait for two or three commits instead of one.
     */
    private record Group(List<Pending> events, CompletableFuture<List<Long>> done) {}

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
    /** The events chained in the current thread's transaction, while it holds the chain head. */
    private static final ThreadLocal<List<Pending>> CHAINED_HERE = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicBoolean chainingInTransaction = new java.util.concurrent.atomic.AtomicBoolean();
    private static final ThreadLocal<List<Pending>> DEFERRED = new ThreadLocal<>();

    /** Set while {@link #deferringTogether} runs: deferred origins inside it collect into its list. */
    private static final ThreadLocal<Boolean> TOGETHER = new ThreadLocal<>();

    /** Runs {@code work} with every event it records on this thread carrying {@code origin}. */
    public <T> T from(Origin origin, java.util.function.Supplier<T> work) {
        Origin before = ORIGIN.get();
        // inside deferringTogether, the events go to its list; otherwise a deferred origin collects its own
        boolean own = origin.deferred() && !(TOGETHER.get() != null && DEFERRED.get() != null);
        ORIGIN.set(origin);
        try {
            return own ? deferring(work) : work.get();
        } finally {
            if (before == null) ORIGIN.remove(); else ORIGIN.set(before);
        }
    }

    /**
     * Runs {@code work} collecting its deferred events in a list of their own, and then writes what it left unflushed
     * (events of work that failed before it flushed, marked as rolled back).
     */
    private <T> T deferring(java.util.function.Supplier<T> work) {
        List<Pending> deferredBefore = DEFERRED.get();
        DEFERRED.set(new ArrayList<>());
        boolean done = false;
        try {
            T result = work.get();
            done = true;
            return result;
        } finally {
            try {
                if (!done) markRolledBack(DEFERRED.get());
                flushDeferred();
            } finally {
                if (deferredBefore == null) DEFERRED.remove(); else DEFERRED.set(deferredBefore);
            }
        }
    }

    /**
     * Runs {@code work} (which opens and commits a transaction) with the events of every deferred {@link #from} inside
     * it collected together, each with its own origin, until {@code work} calls {@link #flushDeferred()} before its
     * commit: several interface messages applied in one transaction are chained in one append. Events left unflushed
     * because the work failed are written afterwards, as for a single deferred origin.
     */
    public <T> T deferringTogether(java.util.function.Supplier<T> work) {
        Boolean togetherBefore = TOGETHER.get();
        TOGETHER.set(Boolean.TRUE);
        try {
            return deferring(work);
        } finally {
            if (togetherBefore == null) TOGETHER.remove();
        }
    }

    /**
     * Writes the events collected so far by a deferred {@link #from}; throws if they cannot be written. Called inside
     * the work's transaction, just before it commits, the events are chained in that transaction: they commit with
     * the changes they describe, in one commit, with no hand-over to the writer thread (the chain head stays locked
     * only until that commit, so nothing else may follow in the transaction). Should the transaction roll back, the
     * events are written by the writer after all, as accesses that changed nothing. Outside a transaction the writer
     * writes them in its own and this waits until they are committed.
     */
    public void flushDeferred() {
        // Only one transaction of this server at a time holds the chain head until its commit. Others that flush
        // meanwhile hand their events to the writer, which takes all of them in one transaction: transactions queued
        // on the head's row lock would each wait for the one before to commit (and PostgreSQL wakes every waiter at
        // each commit), where the writer lets them share one.
        List<Pending> waiting = DEFERRED.get();
        if (waiting == null || waiting.isEmpty()) return;
        List<Pending> batch = List.copyOf(waiting);
        waiting.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            List<Pending> chained = CHAINED_HERE.get(); // this transaction holds the head already (a second flush)
            if (chained == null && TOGETHER.get() != null) {
                // messages applied together: few such transactions run at once, so this one waits for its turn at
                // the head (the holder is committing) rather than paying for the writer's transaction and commit
                List<Pending> mine = new ArrayList<>();
                CHAINED_HERE.set(mine);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        appendingEnded(status == STATUS_COMMITTED);
                        CHAINED_HERE.remove();
                        if (status != STATUS_COMMITTED) writeAfterRollback(List.copyOf(mine));
                    }
                });
                chained = mine;
            } else if (chained == null && chainingInTransaction.compareAndSet(false, true)) {
                List<Pending> mine = new ArrayList<>();
                CHAINED_HERE.set(mine);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        appendingEnded(status == STATUS_COMMITTED); // first: the writer below needs the turn
                        CHAINED_HERE.remove();
                        chainingInTransaction.set(false);
                        if (status != STATUS_COMMITTED) writeAfterRollback(List.copyOf(mine));
                    }
                });
                chained = mine;
            }
            if (chained != null) {
                chained.addAll(batch);
                try {
                    chain(batch);
                } catch (RuntimeException e) {
                    throw new AuditUnavailableException(e);
                }
                return;
            }
        }
        try {
            hand(batch).get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
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
     * What deferred work recorded before it failed and rolled back: the accesses happened and are written, each
     * saying that what it describes was not kept (a registration rolled back names a patient id that never existed).
     */
    private static void markRolledBack(List<Pending> events) {
        if (events == null) return;
        events.replaceAll(p -> new Pending(p.entry().withDetail(p.entry().detail() == null ? ROLLED_BACK
                : p.entry().detail() + "; " + ROLLED_BACK), p.actor()));
    }

    public static final String ROLLED_BACK = "rolled back: nothing of this was kept";

    /** The events of a transaction that chained them itself and then rolled back: the accesses happened. */
    private void writeAfterRollback(List<Pending> events) {
        if (events.isEmpty()) return;
        events = new ArrayList<>(events);
        markRolledBack(events);
        try {
            hand(events).get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("The audit events of a rolled back transaction were not written (interrupted)");
        } catch (Exception e) {
            log.error("The audit events of a rolled back transaction were not written ({})", e.getClass().getName());
        }
    }

    /** Records an event on behalf of the current request's user. Returns its sequence number once committed. */
    public long record(AuditEntry entry) {
        Origin origin = ORIGIN.get();
        if (origin == null) return record(entry, Actor.current());
        List<Pending> deferred = DEFERRED.get();
        if (origin.deferred() && deferred != null) {
            deferred.add(new Pending(noted(entry, origin), originActor(origin)));
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
        try {
            return hand(List.of(new Pending(entry, actor))).get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS).getFirst();
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
        for (AuditEntry entry : entries) waiting.add(new Pending(origin == null ? entry : noted(entry, origin), actor));
        if (waiting.isEmpty()) return List.of();
        try {
            List<Long> seqs = new ArrayList<>(waiting.size());
            // a large bulk goes as several groups, so that no one transaction of the writer grows past its batch size
            List<CompletableFuture<List<Long>>> parts = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i += MAX_BATCH) {
                parts.add(hand(waiting.subList(i, Math.min(waiting.size(), i + MAX_BATCH))));
            }
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            for (var part : parts) seqs.addAll(part.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
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

    /** Hands a group of events to the writer; the future completes with their sequence numbers once committed. */
    private CompletableFuture<List<Long>> hand(List<Pending> events) {
        Group g = new Group(List.copyOf(events), new CompletableFuture<>());
        if (!running || !pending.offer(g)) {
            throw new AuditUnavailableException(new IllegalStateException("the audit writer is not accepting events"));
        }
        return g.done();
    }

    private void writeLoop() {
        List<Group> batch = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Group first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                int events = first.events().size();
                // whole groups, up to the batch size (a group larger than it goes alone)
                for (Group next; events < MAX_BATCH && (next = pending.peek()) != null
                        && events + next.events().size() <= MAX_BATCH; ) {
                    batch.add(pending.poll());
                    events += next.events().size();
                }
                write(batch);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (Throwable t) {
                log.error("Audit writer failed on a batch of {} groups ({})", batch.size(), t.getClass().getName());
                batch.forEach(g -> g.done().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Group> batch) {
        try {
            List<Pending> all = new ArrayList<>();
            for (Group g : batch) all.addAll(g.events());
            List<Long> seqs = append(all);
            int k = 0;
            for (Group g : batch) {
                g.done().complete(List.copyOf(seqs.subList(k, k + g.events().size())));
                k += g.events().size();
            }
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(batchFailed);
                return;
            }
            // one bad group must not refuse the others: write them one by one
            for (Group g : batch) {
                try {
                    g.done().complete(append(g.events()));
                } catch (RuntimeException e) {
                    g.done().completeExceptionally(e);
                }
            }
        }
    }

    private List<Long> append(List<Pending> batch) {
        boolean committed = false;
        try {
            List<Long> seqs = ownTransaction.execute(status -> chain(batch));
            committed = true;
            return seqs;
        } finally {
            appendingEnded(committed);
        }
    }

    /**
     * Appends the events to the chain in the current transaction, which then holds the chain head until it ends; the
     * caller calls {@link #appendingEnded} when it has.
     */
    private List<Long> chain(List<Pending> batch) {
        if (batch.isEmpty()) return List.of();
        lockAppending();
        AuditRepository.Head known = knownHead;
        List<AuditEvent> events = null;
        if (known != null && repository.postgres()) {
            // one statement instead of two: chained from the head this node last committed, appended only if that
            // is still the head (another node may have moved it: then nothing is written, and it is read below)
            events = chained(known, batch);
            if (!repository.appendIfHead(known, events)) events = null;
        }
        if (events == null) {
            events = chained(repository.lockHead(), batch);
            repository.appendBatch(events);
        }
        AuditEvent last = events.getLast();
        APPENDED.set(new AuditRepository.Head(last.seq(), last.hash()));
        List<Long> seqs = new ArrayList<>(events.size());
        for (AuditEvent e : events) seqs.add(e.seq());
        return seqs;
    }

    /**
     * This node's appenders take turns, each from its append until its transaction ends (the in-process stand-in for
     * the head row's lock, which orders the nodes): so the head this node last committed is the head, unless another
     * node moved it.
     */
    private final java.util.concurrent.locks.ReentrantLock appending = new java.util.concurrent.locks.ReentrantLock();

    /** The head as this node's last committed append left it; null when unknown. Checked against the row when used. */
    private volatile AuditRepository.Head knownHead;

    /** The head the current thread's transaction appended, until it ends. */
    private static final ThreadLocal<AuditRepository.Head> APPENDED = new ThreadLocal<>();

    private void lockAppending() {
        try {
            if (!appending.tryLock(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException(new TimeoutException("another append held the audit chain too long"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(e);
        }
    }

    /** The transaction that appended on this thread has ended: its head is known if it committed; the turn passes. */
    private void appendingEnded(boolean committed) {
        AuditRepository.Head head = APPENDED.get();
        APPENDED.remove();
        if (head != null) knownHead = committed ? head : null;
        while (appending.isHeldByCurrentThread()) appending.unlock();
    }

    private List<AuditEvent> chained(AuditRepository.Head head, List<Pending> batch) {
        Instant now = AuditChain.truncate(clock.instant());
        String prev = head.lastHash();
        long seq = head.lastSeq();
        List<AuditEvent> events = new ArrayList<>(batch.size());
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
            prev = signed.hash();
        }
        return events;
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
