package org.chartkeeper.encounter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EncounterRepository {

    private static final String SELECT = "select e.id, e.patient_id, e.account_number, e.encounter_class, e.status,"
            + " e.admit_at, e.discharge_at, e.attending_provider_id, p.name, e.department, e.discharge_disposition,"
            + " e.version from encounter e left join provider p on p.id = e.attending_provider_id";

    private final JdbcClient jdbc;

    EncounterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Encounter> forPatient(long patientId) {
        return jdbc.sql(SELECT + " where e.patient_id = ? order by e.admit_at desc").param(patientId)
                .query(EncounterRepository::map).list();
    }

    Optional<Encounter> find(long id) {
        return jdbc.sql(SELECT + " where e.id = ?").param(id).query(EncounterRepository::map).optional();
    }

    List<Encounter> search(long patientId, OffsetDateTime from, OffsetDateTime to, String status, String encounterClass,
                           int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where e.patient_id = :patient");
        var params = new java.util.LinkedHashMap<String, Object>();
        params.put("patient", patientId);
        // an encounter matches a date range when its period overlaps it
        if (from != null) {
            sql.append(" and (e.discharge_at is null or e.discharge_at >= :from)");
            params.put("from", from);
        }
        if (to != null) {
            sql.append(" and e.admit_at <= :to");
            params.put("to", to);
        }
        if (status != null) {
            sql.append(" and e.status = :status");
            params.put("status", status);
        }
        if (encounterClass != null) {
            sql.append(" and e.encounter_class = :class");
            params.put("class", encounterClass);
        }
        sql.append(" order by e.admit_at desc, e.id limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(EncounterRepository::map).list();
    }

    /** The encounters of these patients, by patient and admission. */
    List<Encounter> forPatients(java.util.Collection<Long> patientIds, OffsetDateTime changedSince) {
        if (patientIds.isEmpty()) return List.of();
        String since = changedSince == null ? "" : " and (e.admit_at >= :since or e.discharge_at >= :since)";
        var spec = jdbc.sql(SELECT + " where e.patient_id in (:ids)" + since + " order by e.patient_id, e.admit_at, e.id")
                .param("ids", patientIds);
        if (changedSince != null) spec = spec.param("since", changedSince);
        return spec.query(EncounterRepository::map).list();
    }

    long count() {
        return jdbc.sql("select count(*) from encounter").query(Long.class).single();
    }

    static Encounter map(ResultSet rs, int n) throws SQLException {
        long attending = rs.getLong(8);
        boolean none = rs.wasNull();
        OffsetDateTime discharge = rs.getObject(7, OffsetDateTime.class);
        return new Encounter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), discharge == null ? null : discharge.toInstant(),
                none ? null : attending, rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12));
    }
}
