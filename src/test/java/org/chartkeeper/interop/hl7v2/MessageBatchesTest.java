package org.chartkeeper.interop.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group application of messages arriving at once: who leads, what goes together, and what a failure costs. */
class MessageBatchesTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Records what was applied how; the first message alone waits for {@code release} when one is given. */
    private static final class Recording implements MessageBatches.Applier<String> {
        final List<String> alone = new CopyOnWriteArrayList<>();
        final List<List<String>> together = new CopyOnWriteArrayList<>();
        final Map<String, String> aloneOnThread = new ConcurrentHashMap<>();
        final CountDownLatch release;
        final boolean batchesFail;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        Recording(CountDownLatch release, boolean batchesFail) {
            this.release = release;
            this.batchesFail = batchesFail;
        }

        @Override
        public String alone(String message) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                alone.add(message);
                aloneOnThread.put(message, Thread.currentThread().getName());
                if (release != null && alone.size() == 1) await(release);
                return "AA " + message;
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public List<String> together(List<String> messages) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                together.add(List.copyOf(messages));
                if (batchesFail) throw new IllegalStateException("a content error in one of them");
                List<String> answers = new ArrayList<>();
                for (String m : messages) answers.add("AA " + m + " (together)");
                return answers;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Future<String> send(MessageBatches<String> batches, String message) {
        return threads.submit(() -> {
            Thread.currentThread().setName("connection-" + message);
            return batches.apply(message);
        });
    }

    private static void waitUntilQueued(MessageBatches<String> batches, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (batches.queued() < n) {
            assertThat(System.nanoTime()).as("%d messages queued", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private record Held(Recording recording, MessageBatches<String> batches, List<Future<String>> later) {}

    /**
     * One batch at a time: sends m0, which leads and is applied alone until released; meanwhile m1 to mn arrive and
     * queue. Releases m0 once they all wait, checks its answer, and returns the futures of m1 to mn.
     */
    private Held arrivingWhileTheFirstIsApplied(boolean batchesFail, int n) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recording r = new Recording(release, batchesFail);
        MessageBatches<String> batches = new MessageBatches<>(1, 64, r);
        Future<String> first = send(batches, "m0");
        while (r.alone.isEmpty()) Thread.sleep(5); // m0 is being applied, holding the lead
        List<Future<String>> later = new ArrayList<>();
        for (int i = 1; i <= n; i++) later.add(send(batches, "m" + i));
        waitUntilQueued(batches, n);
        release.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("AA m0");
        return new Held(r, batches, later);
    }

    @Test
    void a_message_arriving_when_nothing_runs_is_applied_alone_on_its_own_thread() throws Exception {
        Recording r = new Recording(null, false);
        MessageBatches<String> batches = new MessageBatches<>(1, 64, r);
        assertThat(send(batches, "m1").get(20, TimeUnit.SECONDS)).isEqualTo("AA m1");
        assertThat(r.together).isEmpty();
        assertThat(r.aloneOnThread).containsEntry("m1", "connection-m1");
        assertThat(batches.appliedTogether()).isZero();
    }

    @Test
    void messages_arriving_while_a_batch_runs_are_applied_together_next_each_with_its_own_answer() throws Exception {
        Held held = arrivingWhileTheFirstIsApplied(false, 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(held.later().get(i - 1).get(20, TimeUnit.SECONDS)).isEqualTo("AA m" + i + " (together)");
        }
        assertThat(held.recording().together).as("one batch of the three that waited").hasSize(1);
        List<String> batch = new ArrayList<>(held.recording().together.getFirst());
        Collections.sort(batch);
        assertThat(batch).containsExactly("m1", "m2", "m3");
        assertThat(held.recording().alone).containsExactly("m0");
        assertThat(held.batches().appliedTogether()).isEqualTo(3);
    }

    @Test
    void when_a_batch_fails_each_of_its_messages_is_applied_alone_by_its_own_thread() throws Exception {
        Held held = arrivingWhileTheFirstIsApplied(true, 4);
        for (int i = 1; i <= 4; i++) {
            assertThat(held.later().get(i - 1).get(20, TimeUnit.SECONDS)).isEqualTo("AA m" + i);
            assertThat(held.recording().aloneOnThread).containsEntry("m" + i, "connection-m" + i);
        }
        assertThat(held.recording().together).as("the batch was tried once").hasSize(1);
        assertThat(held.batches().appliedTogether()).isZero();
    }

    @Test
    void under_load_every_message_is_answered_once_and_no_more_batches_run_at_once_than_allowed() throws Exception {
        Recording r = new Recording(null, false);
        MessageBatches<String> batches = new MessageBatches<>(2, 5, r);
        List<Future<List<String>>> connections = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            int connection = c;
            connections.add(threads.submit(() -> {
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 300; i++) answers.add(batches.apply(connection + "/" + i));
                return answers;
            }));
        }
        int together = 0;
        for (int c = 0; c < 12; c++) {
            List<String> answers = connections.get(c).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 300; i++) assertThat(answers.get(i)).startsWith("AA " + c + "/" + i);
        }
        for (List<String> batch : r.together) {
            assertThat(batch).hasSizeBetween(2, 5);
            together += batch.size();
        }
        assertThat(r.alone.size() + together).as("each message applied exactly once").isEqualTo(12 * 300);
        assertThat(r.mostRunning.get()).isLessThanOrEqualTo(2);
        assertThat(batches.queued()).isZero();
    }
}
