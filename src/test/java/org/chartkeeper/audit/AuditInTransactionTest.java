package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deferred audit events (an interface message's) flushed inside the work's transaction are chained in it: they commit
 * with the changes they describe, in the same commit, and never without an audit record of the access.
 */
@IntegrationTest
class AuditInTransactionTest {

    @Autowired
    AuditService audit;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    ChainVerifier verifier;

    @Autowired
    AuditRepository repository;

    private static AuditEntry entry(String marker, int i) {
        return new AuditEntry(AuditAction.VIEW, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null, "Test",
                marker + "-" + i, null, "in-transaction test " + marker);
    }

    /** Counts the marker's events (on a thread without a transaction: what other transactions can see). */
    private long committed(String marker) {
        return new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from audit_event where resource_type = 'Test' and resource_id like ?", Long.class,
                marker + "-%");
    }

    private <T> T deferred(String marker, java.util.function.Supplier<T> work) {
        return audit.from(new AuditService.Origin("127.0.0.1", "test:" + marker, "test " + marker, true), work);
    }

    @Test
    void the_events_flushed_in_a_transaction_become_visible_with_its_commit_and_not_before() {
        String marker = "intx" + System.nanoTime();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        long[] beforeCommit = new long[1];
        deferred(marker, () -> tx.execute(s -> {
            for (int i = 0; i < 3; i++) audit.record(entry(marker, i));
            audit.flushDeferred();
            audit.record(entry(marker, 3)); // a second flush in the same transaction chains in it too
            audit.flushDeferred();
            // read on another thread (another connection) while this transaction is open
            beforeCommit[0] = CompletableFuture.supplyAsync(() -> committed(marker)).join();
            return null;
        }));
        assertThat(beforeCommit[0]).isZero();
        assertThat(committed(marker)).isEqualTo(4);
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void the_events_of_a_transaction_that_rolls_back_after_flushing_are_still_recorded() {
        String marker = "rollback" + System.nanoTime();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        deferred(marker, () -> tx.execute(s -> {
            for (int i = 0; i < 2; i++) audit.record(entry(marker, i));
            audit.flushDeferred();
            s.setRollbackOnly(); // the work fails at its end: the accesses it made still happened
            return null;
        }));
        assertThat(committed(marker)).isEqualTo(2);
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void transactions_flushing_at_once_all_land_in_one_unbroken_chain() throws Exception {
        String marker = "together" + System.nanoTime();
        int threads = 8, rounds = 20;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    TransactionTemplate tx = new TransactionTemplate(transactions);
                    for (int r = 0; r < rounds; r++) {
                        int round = r;
                        deferred(marker, () -> tx.execute(s -> {
                            for (int i = 0; i < 3; i++) audit.record(entry(marker, (thread * rounds + round) * 3 + i));
                            audit.flushDeferred();
                            return null;
                        }));
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(committed(marker)).isEqualTo(threads * rounds * 3L);
        ChainVerifier.Result result = verifier.verify();
        assertThat(result.firstProblem()).isEmpty();
        assertThat(result.intact()).isTrue();
    }

    @Test
    void events_chain_from_the_head_even_when_another_writer_moved_it_since_this_server_last_appended() {
        String marker = "moved" + System.nanoTime();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        audit.record(entry(marker, 0)); // this server now knows the head
        // another node appends behind this server's back, as the chain requires: under the head's lock
        appendAsAnotherNode(tx, marker + "-1");
        // the server's guess of the head is now stale: both of its paths must see that and chain from the real head
        audit.record(entry(marker, 2));
        appendAsAnotherNode(tx, marker + "-3");
        deferred(marker, () -> tx.execute(s -> {
            audit.record(entry(marker, 4));
            audit.flushDeferred();
            return null;
        }));
        assertThat(committed(marker)).isEqualTo(5);
        ChainVerifier.Result result = verifier.verify();
        assertThat(result.firstProblem()).isEmpty();
        assertThat(result.intact()).isTrue();
        long[] seqs = new JdbcTemplate(dataSource).queryForList("select seq from audit_event where resource_type = 'Test'"
                + " and resource_id like ? order by resource_id", Long.class, marker + "-%").stream()
                .mapToLong(Long::longValue).toArray();
        for (int i = 1; i < seqs.length; i++) assertThat(seqs[i]).isGreaterThan(seqs[i - 1]);
    }

    /** What another node does: locks the head, chains one event from it and appends it. */
    private void appendAsAnotherNode(TransactionTemplate tx, String resourceId) {
        tx.executeWithoutResult(s -> {
            AuditRepository.Head head = repository.lockHead();
            AuditEvent e = new AuditEvent(head.lastSeq() + 1, AuditChain.truncate(java.time.Instant.now()), null,
                    "other-node", "", null, "VIEW", "DEMOGRAPHICS", "Test", resourceId, "SUCCESS", "10.0.0.2", null,
                    null, "appended by another node", head.lastHash(), null);
            repository.appendBatch(List.of(AuditService.withHash(e, AuditChain.hash(e))));
        });
    }
}
