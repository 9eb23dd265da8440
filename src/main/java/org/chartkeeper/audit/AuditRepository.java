package org.chartkeeper.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The only SQL that touches audit_event. It inserts and reads; there is deliberately no update or delete. */
@Repository
class AuditRepository {

    static final String COLUMNS = "seq, event_time, user_id, username, user_roles, patient_id, action, category,"
            + " resource_type, resource_id, outcome, source_address, session_ref, reason, detail, prev_hash, hash";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    AuditRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    record Head(long lastSeq, String lastHash) {}

    Head lockHead() {
        return jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
    }

    Head head() {
        return jdbc.sql("select last_seq, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
    }

    void append(AuditEvent e) {
        template.update("insert into audit_event (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                e.seq(), OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC), e.userId(), e.username(), e.userRoles(),
                e.patientId(), e.action(), e.category(), e.resourceType(), e.resourceId(), e.outcome(),
                e.sourceAddress(), e.sessionRef(), e.reason(), e.detail(), e.prevHash(), e.hash());
        template.update("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1", e.seq(), e.hash());
    }

    /** Streams events with seq in [from, to] in order. Must run inside a transaction for PostgreSQL to use a cursor. */
    void stream(long from, long to, RowCallbackHandler handler) {
        JdbcTemplate streaming = new JdbcTemplate(template.getDataSource());
        streaming.setFetchSize(5_000);
        streaming.query("select " + COLUMNS + " from audit_event where seq between ? and ? order by seq", handler,
                from, to);
    }

    long countAfter(long seq) {
        return jdbc.sql("select count(*) from audit_event where seq > ?").param(seq).query(Long.class).single();
    }

    static AuditEvent map(ResultSet rs) throws SQLException {
        long userId = rs.getLong(3);
        boolean noUser = rs.wasNull();
        long patientId = rs.getLong(6);
        boolean noPatient = rs.wasNull();
        return new AuditEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                noUser ? null : userId, rs.getString(4), rs.getString(5), noPatient ? null : patientId,
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17));
    }
}
