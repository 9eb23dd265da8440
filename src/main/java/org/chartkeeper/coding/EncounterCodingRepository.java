package org.chartkeeper.coding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EncounterCodingRepository {

    record Abstract(long encounterId, String status, String admitSource, String dischargeDisposition,
                    Instant finalizedAt, String finalizedBy, int version) {}

    record Row(String kind, int seq, CodeSystem system, String code, String poa, LocalDate procedureDate) {}

    /** An edit's code range with the sex or ages it allows. */
    /** A range of codes an edit names; age ranges name their MCE category and may carry a source of their own. */
    record EditRange(String edit, String first, String last, String sex, Integer minAge, Integer maxAge,
                     String category, String source) {}

    record Edit(String code, String description, String source) {}

    private final JdbcClient jdbc;

    EncounterCodingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Abstract> find(long encounterId) {
        return jdbc.sql("select encounter_id, status, admit_source, discharge_disposition, finalized_at, finalized_by,"
                        + " version from coding_abstract where encounter_id = ?")
                .param(encounterId).query(EncounterCodingRepository::mapAbstract).optional();
    }

    record Line(long encounterId, long patientId, String kind, int seq, CodeSystem system, String code, String poa,
                LocalDate procedureDate, Instant updatedAt, Instant finalizedAt, Instant dischargeAt) {}

    /** The coded lines of these patients' abstracts (of one encounter if given), by patient, encounter and line. */
    List<Line> lines(java.util.Collection<Long> patientIds, Long encounterId) {
        if (patientIds.isEmpty()) return List.of();
        var spec = jdbc.sql("select c.encounter_id, a.patient_id, c.kind, c.seq, c.code_system, c.code, c.poa,"
                        + " c.procedure_date, a.updated_at, a.finalized_at, e.discharge_at from coding_abstract a"
                        + " join coding_abstract_code c on c.encounter_id = a.encounter_id"
                        + " join encounter e on e.id = a.encounter_id where a.patient_id in (:ids)"
                        + (encounterId == null ? "" : " and a.encounter_id = :encounter")
                        + " order by a.patient_id, a.encounter_id, c.kind, c.seq")
                .param("ids", patientIds);
        if (encounterId != null) spec = spec.param("encounter", encounterId);
        return spec.query((rs, n) -> new Line(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                CodeSystem.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class),
                instant(rs.getObject(9, OffsetDateTime.class)), instant(rs.getObject(10, OffsetDateTime.class)),
                instant(rs.getObject(11, OffsetDateTime.class)))).list();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    List<Row> codes(long encounterId) {
        return jdbc.sql("select kind, seq, code_system, code, poa, procedure_date from coding_abstract_code"
                        + " where encounter_id = ? order by kind, seq")
                .param(encounterId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), CodeSystem.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class)))
                .list();
    }

    void create(long encounterId, long patientId, String admitSource, String disposition, Instant at, String by) {
        jdbc.sql("insert into coding_abstract (encounter_id, patient_id, status, admit_source, discharge_disposition,"
                        + " updated_at, updated_by, version) values (?, ?, 'in-progress', ?, ?, ?, ?, 1)")
                .params(encounterId, patientId, admitSource, disposition, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), by)
                .update();
    }

    /** False when someone else changed it since {@code version}. */
    boolean update(long encounterId, String admitSource, String disposition, int version, Instant at, String by) {
        return jdbc.sql("update coding_abstract set admit_source = ?, discharge_disposition = ?, updated_at = ?,"
                        + " updated_by = ?, version = version + 1 where encounter_id = ? and version = ?"
                        + " and status <> 'final'")
                .params(admitSource, disposition, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), by, encounterId, version)
                .update() == 1;
    }

    void replaceCodes(long encounterId, List<Row> rows) {
        jdbc.sql("delete from coding_abstract_code where encounter_id = ?").param(encounterId).update();
        for (Row r : rows) {
            jdbc.sql("insert into coding_abstract_code (encounter_id, kind, seq, code_system, code, poa, procedure_date)"
                            + " values (?, ?, ?, ?, ?, ?, ?)")
                    .params(encounterId, r.kind(), r.seq(), r.system().name(), r.code(), r.poa(), r.procedureDate())
                    .update();
        }
    }

    boolean setStatus(long encounterId, String from, String to, int version, Instant at, String by) {
        boolean finalizing = to.equals("final");
        return jdbc.sql("update coding_abstract set status = ?, finalized_at = ?, finalized_by = ?, updated_at = ?,"
                        + " updated_by = ?, version = version + 1 where encounter_id = ? and status = ? and version = ?")
                .params(to, finalizing ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : null, finalizing ? by : null,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), by, encounterId, from, version)
                .update() == 1;
    }

    List<Edit> edits() {
        return jdbc.sql("select code, description, source from coding_edit order by code")
                .query((rs, n) -> new Edit(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    List<EditRange> editRanges() {
        return jdbc.sql("select edit_code, first_code, last_code, sex, min_age, max_age, category, source"
                        + " from coding_edit_code")
                .query((rs, n) -> new EditRange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, Integer.class), rs.getObject(6, Integer.class), rs.getString(7), rs.getString(8)))
                .list();
    }

    private static Abstract mapAbstract(ResultSet rs, int n) throws SQLException {
        OffsetDateTime fin = rs.getObject(5, OffsetDateTime.class);
        return new Abstract(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                fin == null ? null : fin.toInstant(), rs.getString(6), rs.getInt(7));
    }
}
