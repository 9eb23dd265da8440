package org.chartkeeper.interop.hl7v2;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MLLP server's threads, bounded, with each connection's messages processed one after another in arrival order.
 *
 * <p>HAPI's server reads each connection on a thread of its own and hands every message it reads to the executor as
 * a separate task; on a plain pool, messages of one connection run concurrently, so a client that pipelines gets
 * answers out of order and an A08 may overtake the A01 it follows. Here a message task runs on the reader thread
 * that handed it in: in order by construction, with no hand-off to another thread, and a sender that pipelines waits
 * in TCP's flow control while a message is applied. The server's other tasks (acceptor, service loop, cleaner,
 * readers) run on a bounded pool.
 */
final class OrderedExecutor extends AbstractExecutorService {

    private static final String MESSAGE_TASK = "ca.uhn.hl7v2.app.Receiver$Grunt";

    private final ThreadPoolExecutor pool;

    /**
     * {@code connections} readers, plus the server's acceptor, its service loop and its connection cleaner, with room
     * to spare: a pool smaller than that could leave a connection without a reader.
     */
    OrderedExecutor(int connections) {
        int threads = 2 * connections + 4;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(threads * 4),
                r -> {
                    Thread t = new Thread(r, "hl7-mllp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public Future<?> submit(Runnable task) {
        if (!task.getClass().getName().equals(MESSAGE_TASK)) return pool.submit(task);
        FutureTask<Void> f = new FutureTask<>(task, null);
        f.run();
        return f;
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
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
