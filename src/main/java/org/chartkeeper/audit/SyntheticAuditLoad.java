package org.chartkeeper.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends synthetic events for the {@code bench audit-chain} benchmark only: the same chain, hashed exactly as
 * {@link AuditService} hashes, but written in large batches. Never used by the application itself.
 */
@Service
public class SyntheticAuditLoad {

    private static final int CHUNK = 20_000;
    private static final String[] ACTIONS = {"VIEW", "VIEW", "VIEW", "SEARCH", "UPDATE", "PRINT"};
    private static final String[] CATEGORIES = {"DEMOGRAPHICS", "ENCOUNTERS", "CLINICAL_DOCUMENTS", "CODING"};
    private static final String[] USERS = {"him", "coder", "roi", "director", "drsmith", "drjones"};

    private final AuditRepository repository;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SyntheticAuditLoad(AuditRepository repository, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Appends {@code count} events after the current head; reports progress after each committed chunk. */
    public void append(long count, LongConsumer progress) {
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(CHUNK, count - done);
            tx.executeWithoutResult(s -> {
                AuditRepository.Head head = repository.lockHead();
                Instant base = AuditChain.truncate(clock.instant());
                List<AuditEvent> events = new ArrayList<>(n);
                String prev = head.lastHash();
                for (int i = 0; i < n; i++) {
                    long seq = head.lastSeq() + 1 + i;
                    int u = (int) (seq % USERS.length);
                    long patient = 1 + (seq * 7919) % 5000;
                    AuditEvent unsigned = new AuditEvent(seq, base.plusNanos(i * 1_000L), 100L + u, USERS[u], USERS[u],
                            patient, ACTIONS[(int) (seq % ACTIONS.length)], CATEGORIES[(int) (seq % CATEGORIES.length)],
                            "Patient", Long.toString(patient), "SUCCESS", "10.0.0." + (seq % 200),
                            "session:" + Long.toHexString(seq * 2654435761L & 0xffffffffffffL), null,
                            seq % 10 == 0 ? "benchmark event" : null, prev, null);
                    AuditEvent signed = AuditService.withHash(unsigned, AuditChain.hash(unsigned));
                    events.add(signed);
                    prev = signed.hash();
                }
                repository.appendBatch(events);
            });
            done += n;
            progress.accept(done);
        }
    }
}
