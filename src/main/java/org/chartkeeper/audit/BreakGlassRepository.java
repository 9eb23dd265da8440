package org.chartkeeper.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Break-the-glass grants and the two settings that shape them. */
@Repository
class BreakGlassRepository {

    private final JdbcClient jdbc;

    BreakGlassRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long userId, long patientId, String reason, Instant grantedAt, Instant expiresAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into break_glass_grant (user_id, patient_id, reason, granted_at, expires_at) values (?,?,?,?,?)")
                .params(userId, patientId, reason, utc(grantedAt), utc(expiresAt))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void setAuditSeq(long grantId, long seq) {
        jdbc.sql("update break_glass_grant set audit_seq = ? where id = ?").params(seq, grantId).update();
    }

    /** Who used the grant (to keep a user from reviewing their own emergency access). */
    Optional<Long> userOf(long grantId) {
        return jdbc.sql("select user_id from break_glass_grant where id = ?").param(grantId).query(Long.class).optional();
    }


    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
