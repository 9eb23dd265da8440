package org.chartkeeper.patient;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL the patient tests use to find demo data, make their own patients and read the audit trail. */
record PatientFixtures(JdbcClient jdbc) {

    record Found(long id, String familyName, String givenName, String mrn) {}

    record Event(String username, Long patientId, String action, String category, String outcome, String resourceId,
                 String detail) {}

    long lastSeq() {
        return jdbc.sql("select last_seq from audit_chain_head where id = 1").query(Long.class).single();
    }

    List<Event> eventsSince(long seq, String username) {
        return jdbc.sql("select username, patient_id, action, category, outcome, resource_id, detail from audit_event"
                        + " where seq > ? and username = ? order by seq")
                .params(seq, username)
                .query((rs, n) -> new Event(rs.getString(1), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    /** A demo patient, not restricted, whose family name is shared by few others (so a name search is precise). */
    Found ordinaryPatient() {
        return jdbc.sql("select id, family_name, given_name, mrn from patient where restricted = false order by id"
                        + " limit 1 offset 17")
                .query((rs, n) -> new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).single();
    }

    Found restrictedPatient() {
        return jdbc.sql("select id, family_name, given_name, mrn from patient where restricted = true order by id limit 1")
                .query((rs, n) -> new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).single();
    }

    /** A patient on whose encounter drsmith is attending. */
    long attendedBy(String username) {
        return jdbc.sql("select min(e.patient_id) from encounter e join provider pr on pr.id = e.attending_provider_id"
                        + " join patient p on p.id = e.patient_id join app_user u on u.id = pr.user_id"
                        + " where u.username = ? and p.restricted = false")
                .param(username).query(Long.class).single();
    }

    /** A patient with no encounter at all attended by that user. */
    long notAttendedBy(String username) {
        return jdbc.sql("select min(p.id) from patient p where p.restricted = false and not exists (select 1 from"
                        + " encounter e join provider pr on pr.id = e.attending_provider_id join app_user u on"
                        + " u.id = pr.user_id where e.patient_id = p.id and u.username = ?)")
                .param(username).query(Long.class).single();
    }

    /** Registers a fresh patient of the test's own, so that changes to it cannot disturb another test. */
    long newPatient(String familyName) {
        String mrn = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, address_line, city,"
                        + " state, postal_code, phone, email, ssn_last4, restricted, created_at, updated_at)"
                        + " values ((select min(code) from facility), ?, ?, 'Testa', ?, 'female', '1 Test Street',"
                        + " 'Testville', 'OH', '43004', '614-555-0100', 'testa@example.com', '4321', false, ?, ?)")
                .params(mrn, familyName, LocalDate.of(1980, 4, 2), now, now).update();
        return jdbc.sql("select id from patient where mrn = ?").param(mrn).query(Long.class).single();
    }

    Map<String, Object> contactRow(long id) {
        return jdbc.sql("select address_line, city, state, postal_code, phone, email, version from patient where id = ?")
                .param(id).query().singleRow();
    }
}
