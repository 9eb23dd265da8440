package org.chartkeeper.interop.hl7v2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages arriving on several connections at the same moment, applied together: one transaction for all of them
 * (group commit, as PostgreSQL does for WAL and the audit writer does for events), so that they share one commit and
 * one append to the audit chain instead of queueing for the chain head and a commit each.
 *
 * <p>No thread of its own: a connection's thread that finds fewer than {@code leaders} batches running leads one. It
 * takes every message waiting at that moment (its own among them), applies them, answers their threads, and passes
 * the lead to the next message waiting, if any. A batch of one is applied alone, as if no batching existed, so a single
 * connection's path is unchanged. If a batch fails (a repeat, a content error, a concurrent change), nothing of it is
 * kept and every message of it is applied alone by its own thread, with the single path's retries and its error
 * answers: one message's fault never costs another its answer.
 *
 * <p>A connection has at most one message here at a time (its thread waits for the answer), so each connection's
 * messages are still applied in arrival order.
 */
final class MessageBatches<J> {

    /** How the intake applies messages. */
    interface Applier<J> {
        /** Applies one message in a transaction of its own and returns its answer (never throws). */
        String alone(J message);

        /**
         * Applies the messages in order, in one transaction, and returns their answers; throws (having rolled back
         * everything) if any of them could not be applied, and each is then applied alone.
         */
        List<String> together(List<J> messages);
    }

    private static final class Waiting<J> {
        final J message;
        final CompletableFuture<String> answered = new CompletableFuture<>();
        final CompletableFuture<Void> leads = new CompletableFuture<>();

        Waiting(J message) {
            this.message = message;
        }
    }

    /** Answer of a message whose batch failed: its own thread applies it alone. */
    private static final String ALONE = new String("alone");

    private final int leaders;
    private final int maxBatch;
    private final Applier<J> applier;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiting<J>> queue = new ArrayDeque<>();
    private int leading;
    private final java.util.concurrent.atomic.AtomicLong appliedTogether = new java.util.concurrent.atomic.AtomicLong();

    MessageBatches(int leaders, int maxBatch, Applier<J> applier) {
        if (leaders < 1 || maxBatch < 1) throw new IllegalArgumentException("leaders and maxBatch must be at least 1");
        this.leaders = leaders;
        this.maxBatch = maxBatch;
        this.applier = applier;
    }

    /** Applies the message, alone or with others arriving at the same moment, and returns its answer. */
    String apply(J message) {
        Waiting<J> mine = new Waiting<>(message);
        boolean lead;
        lock.lock();
        try {
            queue.addLast(mine);
            lead = leading < leaders;
            if (lead) leading++;
        } finally {
            lock.unlock();
        }
        if (!lead) {
            // uninterruptible: a message taken into a batch is answered when the batch ends, in bounded time
            CompletableFuture.anyOf(mine.answered, mine.leads).join();
            lead = !mine.answered.isDone(); // else the lead was passed to this message's thread
        }
        if (lead) lead(mine);
        // answered by this thread's batch, or in another leader's batch, which took it meanwhile
        String answer = mine.answered.join();
        return answer == ALONE ? applier.alone(message) : answer;
    }

    /** Takes what waits, applies it, and passes the lead on (or gives it up when nothing waits). */
    private void lead(Waiting<J> mine) {
        List<Waiting<J>> batch = new ArrayList<>();
        lock.lock();
        try {
            while (!queue.isEmpty() && batch.size() < maxBatch) batch.add(queue.pollFirst());
            if (queue.remove(mine)) batch.add(mine); // a leader's own message always goes with its batch
        } finally {
            lock.unlock();
        }
        try {
            run(batch);
        } finally {
            lock.lock();
            try {
                Waiting<J> next = null;
                for (Waiting<J> w : queue) {
                    if (!w.leads.isDone()) {
                        next = w;
                        break;
                    }
                }
                if (next == null) leading--;
                else next.leads.complete(null);
            } finally {
                lock.unlock();
            }
        }
    }

    private void run(List<Waiting<J>> batch) {
        if (batch.isEmpty()) return;
        if (batch.size() == 1) {
            Waiting<J> only = batch.getFirst();
            String answer = ALONE;
            try {
                answer = applier.alone(only.message);
            } catch (RuntimeException failed) {
                // its own thread applies it once more, alone
            } finally {
                only.answered.complete(answer);
            }
            return;
        }
        List<String> answers = null;
        try {
            List<J> messages = new ArrayList<>(batch.size());
            for (Waiting<J> w : batch) messages.add(w.message);
            answers = applier.together(messages);
            appliedTogether.addAndGet(batch.size());
        } catch (RuntimeException failed) {
            answers = null; // each is applied alone by its own thread
        } finally {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answered.complete(answers == null || answers.get(i) == null ? ALONE : answers.get(i));
            }
        }
    }

    /** Messages applied in a batch of more than one (a batch that failed counts none). */
    long appliedTogether() {
        return appliedTogether.get();
    }

    /** Messages waiting for a batch to take them. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
