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

    // declared so that nulls bind without a parameter-metadata round trip
    private static final int[] TYPES = {java.sql.Types.BIGINT, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
            java.sql.Types.BIGINT, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.BIGINT,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final org.chartkeeper.DatabaseKind database;

    AuditRepository(JdbcClient jdbc, JdbcTemplate template, org.chartkeeper.DatabaseKind database) {
        this.jdbc = jdbc;
        this.template = template;
        this.database = database;
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

    /**
     * Appends a run of already chained events and moves the head to the last one (the audit writer's group commit
     * and the synthetic benchmark load; the caller holds the head lock).
     */
    void appendBatch(java.util.List<AuditEvent> events) {
        if (events.isEmpty()) return;
        int rowsPerStatement = 100;
        AuditEvent last = events.getLast();
        // on PostgreSQL the head moves in the statement that inserts the last rows (one round trip less a group)
        boolean together = postgres();
        for (int start = 0; start < events.size(); start += rowsPerStatement) {
            java.util.List<AuditEvent> part = events.subList(start, Math.min(events.size(), start + rowsPerStatement));
            boolean lastPart = start + rowsPerStatement >= events.size();
            StringBuilder sql = new StringBuilder(together && lastPart ? "with appended as (" : "")
                    .append("insert into audit_event (" + COLUMNS + ") values ");
            Object[] args = new Object[part.size() * 17];
            int[] types = new int[part.size() * 17];
            int k = rows(part, sql, args, types, 0);
            if (together && lastPart) {
                sql.append(") update audit_chain_head set last_seq = ?, last_hash = ? where id = 1");
                args = java.util.Arrays.copyOf(args, k + 2);
                types = java.util.Arrays.copyOf(types, k + 2);
                args[k] = last.seq();
                types[k] = java.sql.Types.BIGINT;
                args[k + 1] = last.hash();
                types[k + 1] = java.sql.Types.VARCHAR;
            }
            template.update(sql.toString(), args, types);
        }
        if (!together) {
            template.update("update audit_chain_head set last_seq = ?, last_hash = ? where id = 1", last.seq(), last.hash());
        }
    }

    /**
     * PostgreSQL only: appends a run of events chained from {@code expected} and moves the head to the last one, in
     * one statement, if the head is still {@code expected}; otherwise appends nothing and returns false (the caller
     * then locks the head and chains again). The head row is locked as the statement checks it, as
     * {@link #lockHead()} would, so the chain stays one line; a head moved by a transaction that committed while this
     * one waited for its lock no longer matches (PostgreSQL checks the row again after the wait).
     */
    boolean appendIfHead(Head expected, java.util.List<AuditEvent> events) {
        if (events.isEmpty() || events.size() > 100) return false;
        AuditEvent last = events.getLast();
        StringBuilder sql = new StringBuilder("with head as (select id from audit_chain_head where id = 1 and last_seq = ?"
                + " and last_hash = ? for update), appended as (insert into audit_event (" + COLUMNS + ") select v.* from (values ");
        int n = events.size() * 17 + 4;
        Object[] args = new Object[n];
        int[] types = new int[n];
        args[0] = expected.lastSeq();
        types[0] = java.sql.Types.BIGINT;
        args[1] = expected.lastHash();
        types[1] = java.sql.Types.VARCHAR;
        int k = rows(events, sql, args, types, 2);
        sql.append(") v where exists (select 1 from head))"
                + " update audit_chain_head set last_seq = ?, last_hash = ? where id = (select id from head)");
        args[k] = last.seq();
        types[k] = java.sql.Types.BIGINT;
        args[k + 1] = last.hash();
        types[k + 1] = java.sql.Types.VARCHAR;
        return template.update(sql.toString(), args, types) == 1;
    }

    /**
     * Appends one VALUES row of placeholders per event to {@code sql} and puts the events' values and types into
     * {@code args} and {@code types} from index {@code k}; returns the index after the last one filled.
     */
    private static int rows(java.util.List<AuditEvent> events, StringBuilder sql, Object[] args, int[] types, int k) {
        for (int i = 0; i < events.size(); i++) {
            AuditEvent e = events.get(i);
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            Object[] row = {e.seq(), OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC), e.userId(), e.username(),
                    e.userRoles(), e.patientId(), e.action(), e.category(), e.resourceType(), e.resourceId(),
                    e.outcome(), e.sourceAddress(), e.sessionRef(), e.reason(), e.detail(), e.prevHash(), e.hash()};
            System.arraycopy(row, 0, args, k, 17);
            System.arraycopy(TYPES, 0, types, k, 17);
            k += 17;
        }
        return k;
    }

    /** Streams events with seq in [from, to] in order. Must run inside a transaction for PostgreSQL to use a cursor. */
    void stream(long from, long to, RowCallbackHandler handler) {
        JdbcTemplate streaming = new JdbcTemplate(template.getDataSource());
        streaming.setFetchSize(10_000);
        streaming.query("select " + COLUMNS + " from audit_event where seq between ? and ? order by seq", handler,
                from, to);
    }

    /** Whether the database is PostgreSQL (the verifier then reads the driver's raw text bytes). */
    boolean postgres() {
        return database.postgres();
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

    // ---------------------------------------------------------------- reports (read only)

    /** A report filter with every value checked and the patient resolved to an id. */
    record Filter(java.time.Instant from, java.time.Instant to, String username, Long patientId, String action,
                  String category, String outcome) {}

    private static final String REPORT_COLUMNS = "e.seq, e.event_time, e.user_id, e.username, e.user_roles,"
            + " e.patient_id, p.mrn, e.action, e.category, e.resource_type, e.resource_id, e.outcome,"
            + " e.source_address, e.session_ref, e.reason, e.detail";
    private static final String REPORT_FROM = " from audit_event e left join patient p on p.id = e.patient_id";

    private record Where(String sql, java.util.List<Object> params) {}

    private static Where where(Filter f) {
        StringBuilder sql = new StringBuilder(" where 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (f.from() != null) {
            sql.append(" and e.event_time >= ?");
            params.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sql.append(" and e.event_time < ?");
            params.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        if (f.username() != null) {
            sql.append(" and e.username = ?");
            params.add(f.username());
        }
        if (f.patientId() != null) {
            sql.append(" and e.patient_id = ?");
            params.add(f.patientId());
        }
        if (f.action() != null) {
            sql.append(" and e.action = ?");
            params.add(f.action());
        }
        if (f.category() != null) {
            sql.append(" and e.category = ?");
            params.add(f.category());
        }
        if (f.outcome() != null) {
            sql.append(" and e.outcome = ?");
            params.add(f.outcome());
        }
        return new Where(sql.toString(), params);
    }

    /**
     * Up to {@code limit} rows in chain order after ({@code seq < after} when descending) a keyset cursor. With
     * {@code backwards} the rows before the cursor are read in the opposite order (the caller reverses them).
     */
    java.util.List<AuditReportRow> keysetPage(Filter f, boolean ascending, Long cursor, boolean backwards, int limit) {
        Where w = where(f);
        java.util.List<Object> params = new java.util.ArrayList<>(w.params());
        boolean asc = backwards != ascending;
        String sql = "select " + REPORT_COLUMNS + REPORT_FROM + w.sql();
        if (cursor != null) {
            sql += asc ? " and e.seq > ?" : " and e.seq < ?";
            params.add(cursor);
        }
        sql += " order by e.seq " + (asc ? "asc" : "desc") + " limit ?";
        params.add(limit);
        return jdbc.sql(sql).params(params).query((rs, n) -> row(rs)).list();
    }

    /** A page sorted by a whitelisted column (the seq breaks ties), by offset. */
    java.util.List<AuditReportRow> offsetPage(Filter f, String column, boolean ascending, long offset, int limit) {
        Where w = where(f);
        java.util.List<Object> params = new java.util.ArrayList<>(w.params());
        String dir = ascending ? " asc" : " desc";
        String sql = "select " + REPORT_COLUMNS + REPORT_FROM + w.sql() + " order by " + column + dir + ", e.seq" + dir
                + " limit ? offset ?";
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql).params(params).query((rs, n) -> row(rs)).list();
    }

    /** How many events match, counting no further than {@code cap}. */
    long cappedCount(Filter f, long cap) {
        Where w = where(f);
        java.util.List<Object> params = new java.util.ArrayList<>(w.params());
        params.add(cap);
        return jdbc.sql("select count(*) from (select 1" + REPORT_FROM + w.sql() + " limit ?) c").params(params)
                .query(Long.class).single();
    }

    /** Streams every matching row in the given order. Must run inside a transaction for PostgreSQL to use a cursor. */
    void streamReport(Filter f, String column, boolean ascending, java.util.function.Consumer<AuditReportRow> sink) {
        Where w = where(f);
        String dir = ascending ? " asc" : " desc";
        String order = column.equals("e.seq") ? " order by e.seq" + dir : " order by " + column + dir + ", e.seq" + dir;
        JdbcTemplate streaming = new JdbcTemplate(template.getDataSource());
        streaming.setFetchSize(2_000);
        streaming.query("select " + REPORT_COLUMNS + REPORT_FROM + w.sql() + order,
                (RowCallbackHandler) rs -> sink.accept(row(rs)), w.params().toArray());
    }

    java.util.Optional<Long> patientIdByMrn(String mrn) {
        return jdbc.sql("select id from patient where mrn = ? order by id").param(mrn).query(Long.class).list()
                .stream().findFirst(); // list(): JdbcClient's stream() holds the connection until the stream is closed
    }

    /** The patient's MRN, empty when there is no such patient. */
    java.util.Optional<String> mrnOf(long id) {
        return jdbc.sql("select mrn from patient where id = ?").param(id).query(String.class).optional();
    }

    /** Who accessed one patient's record: per user, how often, first and last time, emergency accesses. */
    java.util.List<AccessSummary> accessSummary(long patientId) {
        return jdbc.sql("select username, count(*), min(event_time), max(event_time),"
                        + " sum(case when action = 'EMERGENCY_ACCESS' or lower(reason) like 'emergency access%' then 1 else 0 end)"
                        + " from audit_event where patient_id = ? group by username order by max(event_time) desc, username")
                .param(patientId)
                .query((rs, n) -> new AccessSummary(rs.getString(1), rs.getLong(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getLong(5)))
                .list();
    }

    private static AuditReportRow row(ResultSet rs) throws SQLException {
        long userId = rs.getLong(3);
        boolean noUser = rs.wasNull();
        long patientId = rs.getLong(6);
        boolean noPatient = rs.wasNull();
        return new AuditReportRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                noUser ? null : userId, rs.getString(4), rs.getString(5), noPatient ? null : patientId,
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16));
    }
}
