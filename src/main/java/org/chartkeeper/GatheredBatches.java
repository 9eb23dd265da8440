package org.chartkeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Work on records that changed (encounters to analyse, patients to check for duplicates), done after the change on one
 * background thread of its own: the ids gather for a moment after the first one finds the thread idle, and the work
 * then takes all that gathered, each id once, in batches of at most {@code batchSize}; before each further batch the
 * ids gather for the same moment again (unless a full batch is waiting), so that a record changed by several messages
 * in a row (an admission, its update, its discharge) is worked on once. A feed that changes a hundred
 * records a second so costs a few passes a second instead of a hundred.
 */
public final class GatheredBatches {

    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService thread;
    private final long gatherMillis;
    private final int batchSize;
    private final Consumer<List<Long>> work;

    public GatheredBatches(String threadName, long gatherMillis, int batchSize, Consumer<List<Long>> work) {
        this.gatherMillis = gatherMillis;
        this.batchSize = batchSize;
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues these ids (an id already waiting is not queued twice); returns how many were new. */
    public int add(Collection<Long> ids) {
        int added = 0;
        for (long id : ids) if (waiting.add(id)) added++;
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                scheduled.set(false);
            }
        }
        return added;
    }

    private void drain() {
        while (true) {
            // every batch gathers for the moment (not only the first): under a steady feed the work would otherwise
            // run back to back over the few ids that arrived during the previous batch, each batch paying the whole
            // fixed cost of a pass (measured in BENCHMARKS.md, Interop 6); a full batch waiting goes at once
            if (!waiting.isEmpty() && waiting.size() < batchSize) {
                try {
                    Thread.sleep(gatherMillis);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    scheduled.set(false);
                    return;
                }
            }
            List<Long> batch = new ArrayList<>();
            for (var it = waiting.iterator(); it.hasNext() && batch.size() < batchSize; ) {
                batch.add(it.next());
                it.remove();
            }
            if (batch.isEmpty()) {
                scheduled.set(false);
                // an id added between the last take and the flag going down is taken by this drain
                if (waiting.isEmpty() || !scheduled.compareAndSet(false, true)) return;
                continue; // (gathers again: the ids that came in just now are as fresh as a first one)
            }
            work.accept(batch);
        }
    }

    /** Waits until the ids queued so far have been worked on (tests, an orderly shutdown). */
    public void await(Duration max) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        thread.execute(done::countDown);
        done.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops taking work; a drain under way finishes. */
    public void stop() {
        thread.shutdown();
    }

    /** Stops at once, interrupting a drain (what is left is caught up by the next scan or nightly pass). */
    public void stopNow() {
        thread.shutdownNow();
    }
}
