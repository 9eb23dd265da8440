package org.chartkeeper.record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of received clinical data (table outside_resource). */
@Repository
class OutsideDataRepository {

    private static final String COLUMNS = "id, patient_id, encounter_id, resource_type, source_system,"
            + " source_identifier, code_system, code, effective_at, status, content, sha256, received_at, updated_at,"
            + " version";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    OutsideDataRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    List<Long> nextIds(int n) {
        return jdbc.sql("select nextval('outside_resource_seq') from generate_series(1, ?)").param(n)
                .query(Long.class).list();
    }

    /** A patient's received resources with these sender identifiers, by their sender key. */
    Map<OutsideDataService.SourceKey, Long> idsBySource(long patientId, Collection<String> identifiers) {
        Map<OutsideDataService.SourceKey, Long> out = new HashMap<>();
        List<String> all = identifiers.stream().distinct().toList();
        for (int i = 0; i < all.size(); i += 1000) {
            jdbc.sql("select resource_type, source_system, source_identifier, id from outside_resource"
                            + " where patient_id = :p and source_identifier in (:ids)")
                    .param("p", patientId).param("ids", all.subList(i, Math.min(all.size(), i + 1000)))
                    .query((rs, n) -> out.put(new OutsideDataService.SourceKey(rs.getString(1), rs.getString(2),
                            rs.getString(3)), rs.getLong(4)))
                    .list();
        }
        return out;
    }

    record Row(NewOutsideResource resource, String sha256) {}

    void insert(long patientId, List<Row> rows, Instant now, Long userId) {
        if (rows.isEmpty()) return;
        OffsetDateTime at = utc(now);
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row row : rows) {
            NewOutsideResource r = row.resource();
            args.add(new Object[] {r.id(), patientId, r.encounterId(), r.resourceType(), r.sourceSystem(),
                    r.sourceIdentifier(), r.codeSystem(), r.code(), utc(r.effectiveAt()), r.status(), r.content(),
                    row.sha256(), at, at, userId});
        }
        template.batchUpdate("insert into outside_resource (id, patient_id, encounter_id, resource_type, source_system,"
                + " source_identifier, code_system, code, effective_at, status, content, sha256, received_at,"
                + " updated_at, version, received_by) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)", args, 500,
                (ps, a) -> {
                    for (int i = 0; i < a.length; i++) ps.setObject(i + 1, a[i], TYPES[i]);
                });
    }

    private static final int[] TYPES = {java.sql.Types.BIGINT, java.sql.Types.BIGINT, java.sql.Types.BIGINT,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
            java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.VARCHAR,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
            java.sql.Types.TIMESTAMP_WITH_TIMEZONE, java.sql.Types.BIGINT};

    /** A resource received again: its content and fields replaced, its version counted up. */
    void update(List<Row> rows, Instant now) {
        if (rows.isEmpty()) return;
        OffsetDateTime at = utc(now);
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row row : rows) {
            NewOutsideResource r = row.resource();
            args.add(new Object[] {r.encounterId(), r.codeSystem(), r.code(), utc(r.effectiveAt()), r.status(),
                    r.content(), row.sha256(), at, r.id()});
        }
        template.batchUpdate("update outside_resource set encounter_id = ?, code_system = ?, code = ?,"
                + " effective_at = ?, status = ?, content = ?, sha256 = ?, updated_at = ?, version = version + 1"
                + " where id = ? and sha256 <> ?", args.stream().map(a -> {
                    Object[] b = java.util.Arrays.copyOf(a, a.length + 1);
                    b[a.length] = a[6];
                    return b;
                }).toList());
    }

    Optional<OutsideResource> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from outside_resource where id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    /** One page of a patient's resources of one type, newest effective first, and (with {@code count}) the total. */
    List<OutsideResource> search(long patientId, OutsideResourceQuery q, int offset, int limit) {
        Where w = where(patientId, q);
        List<Object> params = new ArrayList<>(w.params());
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select " + COLUMNS + " from outside_resource" + w.sql()
                        + " order by effective_at desc nulls last, id desc limit ? offset ?")
                .params(params).query((rs, n) -> map(rs)).list();
    }

    long count(long patientId, OutsideResourceQuery q) {
        Where w = where(patientId, q);
        return jdbc.sql("select count(*) from outside_resource" + w.sql()).params(w.params()).query(Long.class).single();
    }

    /** Every received resource of these patients (an export, $everything), by patient and type; changed since. */
    List<OutsideResource> ofPatients(List<Long> patientIds, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        String sql = "select " + COLUMNS + " from outside_resource where patient_id in (:p)"
                + (since == null ? "" : " and updated_at > :since") + " order by patient_id, resource_type, id";
        var spec = jdbc.sql(sql).param("p", patientIds);
        if (since != null) spec = spec.param("since", utc(since));
        return spec.query((rs, n) -> map(rs)).list();
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(long patientId, OutsideResourceQuery q) {
        StringBuilder sql = new StringBuilder(" where patient_id = ? and resource_type = ?");
        List<Object> params = new ArrayList<>(List.of(patientId, q.resourceType()));
        if (q.code() != null) {
            sql.append(" and code = ?");
            params.add(q.code());
            if (q.codeSystem() != null) {
                sql.append(" and code_system = ?");
                params.add(q.codeSystem());
            }
        }
        if (q.status() != null) {
            sql.append(" and status = ?");
            params.add(q.status());
        }
        if (q.encounterId() != null) {
            sql.append(" and encounter_id = ?");
            params.add(q.encounterId());
        }
        if (q.from() != null) {
            sql.append(" and effective_at >= ?");
            params.add(utc(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and effective_at < ?");
            params.add(utc(q.to()));
        }
        if (q.changedFrom() != null) {
            sql.append(" and updated_at >= ?");
            params.add(utc(q.changedFrom()));
        }
        if (q.changedTo() != null) {
            sql.append(" and updated_at < ?");
            params.add(utc(q.changedTo()));
        }
        return new Where(sql.toString(), params);
    }

    private static OutsideResource map(ResultSet rs) throws SQLException {
        long encounter = rs.getLong(3);
        boolean noEncounter = rs.wasNull();
        OffsetDateTime effective = rs.getObject(9, OffsetDateTime.class);
        return new OutsideResource(rs.getLong(1), rs.getLong(2), noEncounter ? null : encounter, rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                effective == null ? null : effective.toInstant(), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getObject(13, OffsetDateTime.class).toInstant(), rs.getObject(14, OffsetDateTime.class).toInstant(),
                rs.getInt(15));
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
