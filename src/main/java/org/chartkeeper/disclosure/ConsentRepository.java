package org.chartkeeper.disclosure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Patients' consents. Portable SQL. */
@Repository
class ConsentRepository {

    private static final String COLUMNS = "id, patient_id, category, recipient, purpose, period_start, period_end,"
            + " status, revoked_on, document_id, created_at, updated_at, version, identifier_system, identifier_value";

    private final JdbcClient jdbc;

    ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long patientId, String category, String recipient, String purpose, LocalDate start, LocalDate end,
                Long documentId, String identifierSystem, String identifierValue, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into consent (patient_id, category, recipient, purpose, period_start, period_end, status,"
                        + " document_id, identifier_system, identifier_value, created_at, created_by, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)")
                .params(patientId, category, recipient, purpose, start, end, documentId, identifierSystem,
                        identifierValue, FulfillmentRepository.utc(now), userId, FulfillmentRepository.utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    boolean revoke(long id, int version, LocalDate on, Instant now) {
        return jdbc.sql("update consent set status = 'revoked', revoked_on = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status = 'active'")
                .params(on, FulfillmentRepository.utc(now), id, version).update() == 1;
    }

    Optional<Consent> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from consent where id = ?").param(id).query(ConsentRepository::map)
                .optional();
    }

    List<Consent> ofPatient(long patientId) {
        return jdbc.sql("select " + COLUMNS + " from consent where patient_id = ? order by period_start desc, id desc")
                .param(patientId).query(ConsentRepository::map).list();
    }

    /** The consents of these patients (changed since {@code since}, when given), by patient. */
    List<Consent> ofPatients(List<Long> patientIds, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + " from consent where patient_id in (:ids)"
                        + (since == null ? "" : " and updated_at >= :since") + " order by patient_id, id")
                .param("ids", patientIds).param("since", since == null ? null : FulfillmentRepository.utc(since))
                .query(ConsentRepository::map).list();
    }

    /** Consents matching the criteria (any may be null), for the FHIR search; date: the period covers that day. */
    List<Consent> search(Long patientId, String status, String category, LocalDate coversFrom, LocalDate coversTo,
                         Instant updatedFrom, Instant updatedTo, String identifierSystem, String identifierValue,
                         int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from consent where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (patientId != null) { sql.append(" and patient_id = ?"); params.add(patientId); }
        if (status != null) { sql.append(" and status = ?"); params.add(status); }
        if (category != null) { sql.append(" and category = ?"); params.add(category); }
        if (coversTo != null) { sql.append(" and period_start <= ?"); params.add(coversTo); }
        if (coversFrom != null) { sql.append(" and (period_end is null or period_end >= ?)"); params.add(coversFrom); }
        if (updatedFrom != null) { sql.append(" and updated_at >= ?"); params.add(FulfillmentRepository.utc(updatedFrom)); }
        if (updatedTo != null) { sql.append(" and updated_at < ?"); params.add(FulfillmentRepository.utc(updatedTo)); }
        if (identifierValue != null) { sql.append(" and identifier_value = ?"); params.add(identifierValue); }
        if (identifierSystem != null) { sql.append(" and identifier_system = ?"); params.add(identifierSystem); }
        sql.append(" order by id fetch first ").append(limit).append(" rows only");
        return jdbc.sql(sql.toString()).params(params).query(ConsentRepository::map).list();
    }

    private static Consent map(ResultSet rs, int n) throws SQLException {
        long doc = rs.getLong(10);
        Long documentId = rs.wasNull() ? null : doc;
        return new Consent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class), rs.getString(8),
                rs.getObject(9, LocalDate.class), documentId, rs.getObject(11, OffsetDateTime.class).toInstant(),
                rs.getObject(12, OffsetDateTime.class).toInstant(), rs.getInt(13), rs.getString(14), rs.getString(15));
    }
}
