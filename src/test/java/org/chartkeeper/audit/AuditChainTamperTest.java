package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Someone with database access changes the audit table behind Chartkeeper's back; verification must name the first
 * bad event. Each test puts the table back exactly as it was (in finally) and proves the chain is intact again, so
 * that the other tests sharing this database still see an intact chain.
 */
@IntegrationTest
class AuditChainTamperTest {

    @Autowired JdbcTemplate db;
    @Autowired AuditService audit;
    @Autowired ChainVerifier verifier;

    private List<Long> seqs;

    @BeforeEach
    void someEvents() {
        seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS,
                    1L + i, "Patient", String.valueOf(1 + i), null, "tamper test " + i), Actor.system("tamper-test")));
        }
        // values off the verifier's fast path: non-ASCII (with a surrogate pair), empty, null
        seqs.add(audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, 1L,
                "Patient", "", "Zoë Ångström — ✓ 😀", null), Actor.system("tamper-test")));
        ChainVerifier.Result before = verifier.verify();
        assertThat(before.intact()).as("chain intact before tampering: %s", before.firstProblem()).isTrue();
    }

    private AuditEvent read(long seq) {
        return db.query("select " + AuditRepository.COLUMNS + " from audit_event where seq = ?",
                (rs, n) -> AuditRepository.map(rs), seq).getFirst();
    }

    private void insert(AuditEvent e) {
        db.update("insert into audit_event (" + AuditRepository.COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                e.seq(), OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC), e.userId(), e.username(), e.userRoles(),
                e.patientId(), e.action(), e.category(), e.resourceType(), e.resourceId(), e.outcome(),
                e.sourceAddress(), e.sessionRef(), e.reason(), e.detail(), e.prevHash(), e.hash());
    }

    private void restore(AuditEvent original) {
        db.update("delete from audit_event where seq = ?", original.seq());
        insert(original);
        assertThat(read(original.seq())).isEqualTo(original);
    }

    private ChainVerifier.Problem problem() {
        ChainVerifier.Result r = verifier.verify();
        assertThat(r.intact()).as("verification must notice the change").isFalse();
        return r.firstProblem().orElseThrow();
    }

    private void assertIntactAgain() {
        ChainVerifier.Result after = verifier.verify();
        assertThat(after.intact()).as("chain intact after restoring: %s", after.firstProblem()).isTrue();
    }

    @Test
    void an_edited_event_is_reported_as_altered_at_its_seq() {
        long seq = seqs.get(2);
        AuditEvent original = read(seq);
        try {
            db.update("update audit_event set detail = 'nothing to see here' where seq = ?", seq);
            ChainVerifier.Problem p = problem();
            assertThat(p.kind()).isEqualTo(ChainVerifier.ProblemKind.ALTERED);
            assertThat(p.seq()).isEqualTo(seq);
        } finally {
            restore(original);
        }
        assertIntactAgain();
    }

    @Test
    void a_deleted_event_in_the_middle_is_reported_missing_at_its_seq() {
        long seq = seqs.get(2);
        AuditEvent original = read(seq);
        try {
            db.update("delete from audit_event where seq = ?", seq);
            ChainVerifier.Problem p = problem();
            assertThat(p.kind()).isEqualTo(ChainVerifier.ProblemKind.MISSING);
            assertThat(p.seq()).isEqualTo(seq);
        } finally {
            restore(original);
        }
        assertIntactAgain();
    }

    @Test
    void deleting_the_newest_event_is_reported() {
        long seq = db.queryForObject("select last_seq from audit_chain_head where id = 1", Long.class);
        AuditEvent original = read(seq);
        try {
            db.update("delete from audit_event where seq = ?", seq);
            ChainVerifier.Problem p = problem();
            assertThat(p.kind()).isEqualTo(ChainVerifier.ProblemKind.MISSING);
            assertThat(p.seq()).isEqualTo(seq);
        } finally {
            restore(original);
        }
        assertIntactAgain();
    }

    @Test
    void a_forged_event_after_the_head_is_reported_as_inserted() {
        AuditEvent head = read(db.queryForObject("select last_seq from audit_chain_head where id = 1", Long.class));
        AuditEvent forged = new AuditEvent(head.seq() + 1, head.time(), 1L, "admin", "admin", 7L, "VIEW",
                "DEMOGRAPHICS", "Patient", "7", "SUCCESS", "10.9.9.9", null, null, "forged", head.hash(), null);
        forged = AuditService.withHash(forged, AuditChain.hash(forged));
        try {
            insert(forged);
            ChainVerifier.Problem p = problem();
            assertThat(p.kind()).isEqualTo(ChainVerifier.ProblemKind.INSERTED);
            assertThat(p.seq()).isEqualTo(head.seq() + 1);
        } finally {
            db.update("delete from audit_event where seq = ?", head.seq() + 1);
        }
        assertIntactAgain();
    }

    @Test
    void a_rewritten_event_with_a_recomputed_hash_but_a_wrong_link_is_reported_at_its_seq() {
        long seq = seqs.get(2);
        AuditEvent original = read(seq);
        AuditEvent rewritten = new AuditEvent(seq, original.time(), original.userId(), original.username(),
                original.userRoles(), original.patientId(), original.action(), original.category(),
                original.resourceType(), original.resourceId(), original.outcome(), original.sourceAddress(),
                original.sessionRef(), original.reason(), "rewritten by a DBA", "f".repeat(64), null);
        rewritten = AuditService.withHash(rewritten, AuditChain.hash(rewritten));
        try {
            db.update("delete from audit_event where seq = ?", seq);
            insert(rewritten);
            ChainVerifier.Problem p = problem();
            assertThat(p.kind()).isIn(ChainVerifier.ProblemKind.BROKEN_LINK, ChainVerifier.ProblemKind.ALTERED);
            assertThat(p.seq()).isEqualTo(seq);
        } finally {
            restore(original);
        }
        assertIntactAgain();
    }
}
