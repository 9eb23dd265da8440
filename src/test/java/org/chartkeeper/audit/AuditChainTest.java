package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static AuditEvent event(String username, String roles, String reason) {
        return new AuditEvent(7, Instant.parse("2026-01-31T08:00:00.123456Z"), 1L, username, roles, 42L, "VIEW",
                "DEMOGRAPHICS", "Patient", "42", "SUCCESS", "10.0.0.1", null, reason, null, AuditChain.GENESIS, null);
    }

    @Test
    void moving_characters_between_adjacent_fields_changes_the_canonical_form_and_the_hash() {
        AuditEvent a = event("a", "bc", null);
        AuditEvent b = event("ab", "c", null);
        assertThat(AuditChain.canonical(a)).isNotEqualTo(AuditChain.canonical(b));
        assertThat(AuditChain.hash(a)).isNotEqualTo(AuditChain.hash(b));
    }

    @Test
    void a_missing_value_and_an_empty_value_hash_differently() {
        AuditEvent missing = event("him", "him", null);
        AuditEvent empty = event("him", "him", "");
        assertThat(AuditChain.canonical(missing)).isNotEqualTo(AuditChain.canonical(empty));
        assertThat(AuditChain.hash(missing)).isNotEqualTo(AuditChain.hash(empty));
    }

    @Test
    void the_hash_depends_on_the_previous_hash_and_is_stable() {
        AuditEvent e = event("him", "him", "r");
        AuditEvent other = new AuditEvent(e.seq(), e.time(), e.userId(), e.username(), e.userRoles(), e.patientId(),
                e.action(), e.category(), e.resourceType(), e.resourceId(), e.outcome(), e.sourceAddress(),
                e.sessionRef(), e.reason(), e.detail(), "1".repeat(64), null);
        assertThat(AuditChain.hash(e)).isEqualTo(AuditChain.hash(event("him", "him", "r"))).hasSize(64);
        assertThat(AuditChain.hash(other)).isNotEqualTo(AuditChain.hash(e));
    }
}
