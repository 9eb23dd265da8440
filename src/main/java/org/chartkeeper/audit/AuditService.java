package org.chartkeeper.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one path by which anything is written to the audit trail. Each event commits in its own transaction, so a
 * refusal is recorded even when the caller's work rolls back, and an event that cannot be written throws
 * {@link AuditUnavailableException}: callers record before they show or change anything, so that failure refuses
 * the access.
 */
@Service
public class AuditService {

    private final AuditRepository repository;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    // One writer per node at a time; the row lock on audit_chain_head orders writers across nodes.
    private final ReentrantLock appendLock = new ReentrantLock();

    public AuditService(AuditRepository repository, PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Records an event on behalf of the current request's user. Returns its sequence number. */
    public long record(AuditEntry entry) {
        return record(entry, Actor.current());
    }

    public long record(AuditEntry entry, Actor actor) {
        appendLock.lock();
        try {
            Long seq = ownTransaction.execute(status -> {
                AuditRepository.Head head = repository.lockHead();
                Instant now = AuditChain.truncate(clock.instant());
                AuditEvent unsigned = new AuditEvent(head.lastSeq() + 1, now, actor.userId(), clip(actor.username(), 64),
                        clip(actor.roles(), 200), entry.patientId(), entry.action().name(), entry.category().name(),
                        clip(entry.resourceType(), 60), clip(entry.resourceId(), 100), entry.outcome().name(),
                        clip(actor.sourceAddress(), 64), clip(actor.sessionRef(), 64), clip(entry.reason(), 1000),
                        clip(entry.detail(), 1000), head.lastHash(), null);
                AuditEvent signed = withHash(unsigned, AuditChain.hash(unsigned));
                repository.append(signed);
                return signed.seq();
            });
            return seq;
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        } finally {
            appendLock.unlock();
        }
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
