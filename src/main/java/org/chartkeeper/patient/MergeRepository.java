package org.chartkeeper.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for merges, duplicate candidates and their decisions, and the patient facts a merge checks. */
@Repository
class MergeRepository {

    private static final String MERGE_COLUMNS = "id, survivor_id, retired_id, merged_at, merged_by, reason, unmerged_at,"
            + " unmerged_by, unmerge_reason, candidate_id, version";
    private static final String CANDIDATE_COLUMNS = "id, patient_a, patient_b, score, grade, explanation, status,"
            + " found_at, work_item_id, version";

    private final JdbcClient jdbc;

    MergeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ patients

    /** What a merge checks about a patient. */
    record PatientState(long id, String status, Long mergedInto, LocalDate birthDate, String sex, boolean overlay) {}

    /** Locks the patients' rows (lowest id first, so two merges cannot deadlock) and returns what they are now. */
    List<PatientState> lock(long first, long second) {
        return jdbc.sql("select id, status, merged_into, birth_date, sex, overlay_flag from patient where id in (?, ?)"
                        + " order by id for update")
                .params(first, second).query(MergeRepository::state).list();
    }

    Optional<PatientState> state(long id) {
        return jdbc.sql("select id, status, merged_into, birth_date, sex, overlay_flag from patient where id = ?")
                .param(id).query(MergeRepository::state).optional();
    }

    void retire(long retiredId, long survivorId, Instant now) {
        jdbc.sql("update patient set status = 'merged', merged_into = ?, updated_at = ?, version = version + 1 where id = ?")
                .params(survivorId, utc(now), retiredId).update();
    }

    void history(long patientId, Instant at, String by, String field, String oldValue, String newValue) {
        jdbc.sql("insert into patient_history (patient_id, changed_at, changed_by, field, old_value, new_value)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(patientId, utc(at), by, field, clip(oldValue), clip(newValue)).update();
    }

    /** Full demographics of a patient for the side-by-side comparison. */
    Optional<Comparison.Side> side(long id) {
        return jdbc.sql("select p.id, p.facility_code, p.mrn, p.family_name, p.given_name, p.middle_name, p.birth_date,"
                        + " p.sex, p.address_line, p.city, p.state, p.postal_code, p.phone, p.email, p.ssn_last4,"
                        + " p.language, p.race, p.ethnicity, p.status, p.merged_into, p.restricted, p.created_at,"
                        + " (select count(*) from encounter e where e.patient_id = p.id)"
                        + " from patient p where p.id = ?")
                .param(id)
                .query((rs, n) -> new Comparison.Side(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getString(15) == null ? null : "***-**-" + rs.getString(15),
                        rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), nullableLong(rs, 20),
                        rs.getBoolean(21), rs.getObject(22, OffsetDateTime.class).toInstant(), rs.getLong(23),
                        List.of()))
                .optional();
    }

    /** Identifiers as "type value (authority)", active ones first. */
    List<String> identifiers(long patientId) {
        return jdbc.sql("select type_code, id_value, system_uri, status from patient_identifier where patient_id = ?"
                        + " order by case when status = 'active' then 0 else 1 end, type_code, id_value")
                .param(patientId)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " (" + rs.getString(3) + ")"
                        + ("active".equals(rs.getString(4)) ? "" : " — " + rs.getString(4)))
                .list();
    }

    // ------------------------------------------------------------------ merges

    long insertMerge(long survivorId, long retiredId, Instant at, String by, String reason, String snapshot,
                     Long candidateId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into patient_merge (survivor_id, retired_id, merged_at, merged_by, reason, snapshot, candidate_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(survivorId, retiredId, utc(at), by, reason, snapshot, candidateId)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<MergeRow> merge(long id) {
        return jdbc.sql("select " + MERGE_COLUMNS + ", snapshot from patient_merge where id = ?").param(id)
                .query((rs, n) -> mergeRow(rs, rs.getString(12))).optional();
    }

    /** Merges a patient took part in, newest first, with their snapshots. */
    List<MergeRow> mergesOf(long patientId) {
        return jdbc.sql("select " + MERGE_COLUMNS + ", snapshot from patient_merge where survivor_id = ? or retired_id = ?"
                        + " order by merged_at desc, id desc")
                .params(patientId, patientId).query((rs, n) -> mergeRow(rs, rs.getString(12))).list();
    }

    /** The merge that decided a candidate and has not been undone, if any. */
    Optional<Long> activeMergeFor(long candidateId) {
        return jdbc.sql("select id from patient_merge where candidate_id = ? and unmerged_at is null order by id desc limit 1")
                .param(candidateId).query(Long.class).optional();
    }

    boolean judgedNotDuplicate(long first, long second) {
        return jdbc.sql("select count(*) from not_duplicate where patient_a = ? and patient_b = ?")
                .params(Math.min(first, second), Math.max(first, second)).query(Long.class).single() > 0;
    }

    int markUnmerged(long id, int version, Instant at, String by, String reason) {
        return jdbc.sql("update patient_merge set unmerged_at = ?, unmerged_by = ?, unmerge_reason = ?, version = version + 1"
                        + " where id = ? and version = ? and unmerged_at is null")
                .params(utc(at), by, reason, id, version).update();
    }

    /** A merge as stored: the snapshot is the JSON text. */
    record MergeRow(long id, long survivorId, long retiredId, Instant mergedAt, String mergedBy, String reason,
                    Instant unmergedAt, String unmergedBy, String unmergeReason, Long candidateId, int version,
                    String snapshot) {}

    private static MergeRow mergeRow(ResultSet rs, String snapshot) throws SQLException {
        return new MergeRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), instant(rs, 4), rs.getString(5),
                rs.getString(6), instant(rs, 7), rs.getString(8), rs.getString(9), nullableLong(rs, 10), rs.getInt(11),
                snapshot);
    }

    // ------------------------------------------------------------------ duplicate candidates

    record CandidateRow(long id, long patientA, long patientB, double score, String grade, String explanation,
                        String status, Instant foundAt, Long workItemId, int version) {}

    Optional<CandidateRow> candidate(long id) {
        return jdbc.sql("select " + CANDIDATE_COLUMNS + " from duplicate_candidate where id = ?").param(id)
                .query(MergeRepository::candidateRow).optional();
    }

    Optional<CandidateRow> candidateFor(long first, long second) {
        return jdbc.sql("select " + CANDIDATE_COLUMNS + " from duplicate_candidate where patient_a = ? and patient_b = ?")
                .params(Math.min(first, second), Math.max(first, second)).query(MergeRepository::candidateRow).optional();
    }

    int setCandidateStatus(long id, int version, String status) {
        return jdbc.sql("update duplicate_candidate set status = ?, version = version + 1 where id = ? and version = ?")
                .params(status, id, version).update();
    }

    void notDuplicate(long first, long second, String by, Instant at, String reason) {
        long a = Math.min(first, second);
        long b = Math.max(first, second);
        boolean known = jdbc.sql("select count(*) from not_duplicate where patient_a = ? and patient_b = ?")
                .params(a, b).query(Long.class).single() > 0;
        if (!known) {
            jdbc.sql("insert into not_duplicate (patient_a, patient_b, decided_by, decided_at, reason) values (?, ?, ?, ?, ?)")
                    .params(a, b, by, utc(at), clip(reason)).update();
        }
    }

    private static CandidateRow candidateRow(ResultSet rs, int n) throws SQLException {
        return new CandidateRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8), nullableLong(rs, 9), rs.getInt(10));
    }

    // ------------------------------------------------------------------ KPI

    long patients() {
        return jdbc.sql("select count(*) from patient").query(Long.class).single();
    }

    long mergedPatients() {
        return jdbc.sql("select count(*) from patient where status = 'merged'").query(Long.class).single();
    }

    long candidatesWithStatus(String... statuses) {
        return jdbc.sql("select count(*) from duplicate_candidate where status in (:statuses)")
                .param("statuses", List.of(statuses)).query(Long.class).single();
    }

    List<Instant> mergeTimesSince(Instant since) {
        return jdbc.sql("select merged_at from patient_merge where merged_at >= ?").param(utc(since))
                .query((rs, n) -> instant(rs, 1)).list();
    }

    List<Instant> unmergeTimesSince(Instant since) {
        return jdbc.sql("select unmerged_at from patient_merge where unmerged_at >= ?").param(utc(since))
                .query((rs, n) -> instant(rs, 1)).list();
    }

    // ------------------------------------------------------------------ overlay

    void flagOverlay(long patientId) {
        jdbc.sql("update patient set overlay_flag = true where id = ?").param(patientId).update();
    }

    void clearOverlay(long patientId) {
        jdbc.sql("update patient set overlay_flag = false where id = ?").param(patientId).update();
    }

    // ------------------------------------------------------------------ helpers

    private static PatientState state(ResultSet rs, int n) throws SQLException {
        return new PatientState(rs.getLong(1), rs.getString(2), nullableLong(rs, 3), rs.getObject(4, LocalDate.class),
                rs.getString(5), rs.getBoolean(6));
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
