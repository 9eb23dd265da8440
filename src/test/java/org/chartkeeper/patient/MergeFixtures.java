package org.chartkeeper.patient;

import java.sql.ResultSetMetaData;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL the merge tests use to make their own patients, the rows that belong to them, and exact table dumps. */
record MergeFixtures(JdbcClient jdbc, JdbcTemplate template) {

    static final OffsetDateTime T0 = OffsetDateTime.of(2025, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.UTC);

    long patient(String family, String given, LocalDate birth, String sex) {
        String mrn = "MG" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, address_line, city,"
                        + " state, postal_code, phone, email, ssn_last4, restricted, created_at, updated_at, language)"
                        + " values ((select min(code) from facility), ?, ?, ?, ?, ?, '12 Merge Road', 'Columbus', 'OH',"
                        + " '43004', '(614) 555-0199', null, '1234', false, ?, ?, 'en')")
                .params(mrn, family, given, birth, sex, now, now).update();
        long id = jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
        identifier(id, "2.16.840.1.113883.3.9999.1", mrn, "MR");
        return id;
    }

    void identifier(long patientId, String system, String value, String type) {
        jdbc.sql("insert into patient_identifier (patient_id, system_uri, id_value, type_code, status, created_at)"
                        + " values (?, ?, ?, ?, 'active', ?)")
                .params(patientId, system, value, type, T0).update();
    }

    long encounter(long patientId) {
        String account = "MA" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " department, version) values (?, ?, 'OUTPATIENT', 'finished', ?, ?, 'Cardiology', 3)")
                .params(patientId, account, T0, T0.plusMinutes(45)).update();
        return jdbc.sql("select id from encounter where account_number = ?").param(account).query(Long.class).single();
    }

    void breakGlass(long patientId, String username) {
        jdbc.sql("insert into break_glass_grant (user_id, patient_id, reason, granted_at, expires_at)"
                        + " values ((select id from app_user where username = ?), ?, 'Unconscious in the ED, need allergies', ?, ?)")
                .params(username, patientId, T0, T0.plusHours(4)).update();
    }

    long workItem(long patientId, String type, String subjectType, Long subjectId) {
        jdbc.sql("insert into work_item (item_type, subject_type, subject_id, patient_id, title, pool_role, priority,"
                        + " due_at, status, created_at) values (?, ?, ?, ?, 'Test item', 'him', 3, ?, 'OPEN', ?)")
                .params(type, subjectType, subjectId, patientId, T0.plusDays(30), T0).update();
        return jdbc.sql("select max(id) from work_item where patient_id = ?").param(patientId).query(Long.class).single();
    }

    long candidate(long first, long second, double score, String explanation) {
        long a = Math.min(first, second);
        long b = Math.max(first, second);
        jdbc.sql("insert into duplicate_candidate (patient_a, patient_b, score, grade, explanation, status, found_at)"
                        + " values (?, ?, ?, 'probable', ?, 'open', ?)")
                .params(a, b, score, explanation, T0).update();
        return jdbc.sql("select id from duplicate_candidate where patient_a = ? and patient_b = ?").params(a, b)
                .query(Long.class).single();
    }

    /** A candidate with its duplicate-review work item, as the scanner makes them. */
    long candidateWithItem(long first, long second, double score, String explanation) {
        long id = candidate(first, second, score, explanation);
        long item = workItem(Math.min(first, second), DuplicateReviewService.ITEM_TYPE, DuplicateReviewService.SUBJECT_TYPE, id);
        jdbc.sql("update duplicate_candidate set work_item_id = ? where id = ?").params(item, id).update();
        return id;
    }

    void notDuplicate(long first, long second) {
        jdbc.sql("insert into not_duplicate (patient_a, patient_b, decided_by, decided_at, reason) values (?, ?, 'him', ?, 'twins')")
                .params(Math.min(first, second), Math.max(first, second), T0).update();
    }

    long lastSeq() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
    }

    record Event(String username, Long patientId, String action, String outcome, String resourceType, String resourceId) {}

    List<Event> eventsSince(long seq) {
        return jdbc.sql("select username, patient_id, action, outcome, resource_type, resource_id from audit_event"
                        + " where seq > ? order by seq").param(seq)
                .query((rs, n) -> new Event(rs.getString(1), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    List<String> history(long patientId) {
        return jdbc.sql("select field || ': ' || coalesce(new_value, '') from patient_history where patient_id = ? order by id")
                .param(patientId).query(String.class).list();
    }

    /**
     * Every row of the table that names one of these patients, every column as the driver's text, sorted: two dumps
     * are equal only if the rows are. Rows of other patients are left out: background work of earlier tests (a chart
     * analysis, a duplicate check) may still be writing those.
     */
    List<String> dump(PatientReferenceRepository.PatientReference table, java.util.Collection<Long> patients) {
        String in = String.join(", ", patients.stream().map(String::valueOf).toList());
        String where = String.join(" or ", table.patientColumns().stream().map(c -> "\"" + c + "\" in (" + in + ")").toList());
        List<String> rows = new ArrayList<>();
        template.query("select * from \"" + table.table() + "\" where " + where, rs -> {
            rows.add(row(rs));
        });
        rows.sort(null);
        return rows;
    }

    /** Every row of each table, as {@link #dump(PatientReferenceRepository.PatientReference, java.util.Collection)}, of every patient. */
    Map<String, List<String>> dumpAll(List<String> tables) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String t : tables) {
            List<String> rows = new ArrayList<>();
            template.query("select * from \"" + t + "\"", rs -> {
                rows.add(row(rs));
            });
            rows.sort(null);
            all.put(t, rows);
        }
        return all;
    }

    private static String row(java.sql.ResultSet rs) throws java.sql.SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i).toLowerCase(), rs.getString(i));
        return row.toString();
    }

    Map<String, List<String>> dumpAll(List<PatientReferenceRepository.PatientReference> tables, java.util.Collection<Long> patients) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        tables.forEach(t -> all.put(t.table(), dump(t, patients)));
        return all;
    }
}
