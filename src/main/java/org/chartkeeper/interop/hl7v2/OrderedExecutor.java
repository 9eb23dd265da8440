package org.chartkeeper.interop.hl7v2;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MLLP server's threads, bounded, with each connection's messages processed one after another in arrival order.
 *
 * <p>HAPI's server reads each connection on a thread of its own and hands every message it reads to the executor as
 * a separate task; on a plain pool, messages of one connection run concurrently, so a client that pipelines gets
 * answers out of order and an A08 may overtake the A01 it follows. Here a message task joins the lane of the thread
 * that read it (one per connection), and a lane runs its tasks in order. A lane holds at most {@code laneLimit}
 * waiting messages; beyond that the task is refused, and HAPI closes that connection (the sender sends again).
 */
final class OrderedExecutor extends AbstractExecutorService {

    private static final String MESSAGE_TASK = "ca.uhn.hl7v2.app.Receiver$Grunt";

    private final ThreadPoolExecutor pool;
    private final int laneLimit;
    private final Map<Thread, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * {@code connections} readers and as many lanes, plus the server's acceptor, its service loop and its connection
     * cleaner: a pool smaller than that could leave a message waiting for a thread that a reader holds forever.
     */
    OrderedExecutor(int connections, int laneLimit) {
        int threads = 2 * connections + 4;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(threads * 4),
                r -> {
                    Thread t = new Thread(r, "hl7-mllp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.laneLimit = laneLimit;
    }

    @Override
    public Future<?> submit(Runnable task) {
        if (!task.getClass().getName().equals(MESSAGE_TASK)) return pool.submit(task);
        FutureTask<Void> f = new FutureTask<>(task, null);
        Thread reader = Thread.currentThread();
        lanes.compute(reader, (k, lane) -> {
            Lane l = lane == null ? new Lane(k) : lane;
            l.add(f);
            return l;
        });
        return f;
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    private final class Lane implements Runnable {
        private final Thread key;
        private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
        private boolean running;

        Lane(Thread key) {
            this.key = key;
        }

        /** Called under the map's lock for this key. */
        void add(Runnable r) {
            if (waiting.size() >= laneLimit) {
                throw new RejectedExecutionException("too many messages waiting on one connection");
            }
            waiting.add(r);
            if (!running) {
                running = true;
                pool.execute(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                // take the next task, or retire the lane when it is empty (atomically with add())
                Runnable[] holder = new Runnable[1];
                lanes.compute(key, (k, lane) -> {
                    holder[0] = waiting.poll();
                    if (holder[0] == null) {
                        running = false;
                        return null;
                    }
                    return lane;
                });
                Runnable next = holder[0];
                if (next == null) return;
                next.run();
            }
        }
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
