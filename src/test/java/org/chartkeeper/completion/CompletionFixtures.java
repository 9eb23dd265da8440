package org.chartkeeper.completion;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh patient with one encounter and documents at exact times, so that a rule's edge can be tested without the
 * demo hospital's charts in the way. Written straight to the tables (as an interface feed would), then analysed.
 */
final class CompletionFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final JdbcClient jdbc;
    final long patientId;
    final long encounterId;
    final long attendingId;

    private CompletionFixtures(JdbcClient jdbc, long patientId, long encounterId, long attendingId) {
        this.jdbc = jdbc;
        this.patientId = patientId;
        this.encounterId = encounterId;
        this.attendingId = attendingId;
    }

    /** A new patient admitted at {@code admit} (discharged at {@code discharge}, or still in), attended by a new provider. */
    static CompletionFixtures stay(JdbcClient jdbc, String encounterClass, Instant admit, Instant discharge) {
        int n = SEQ.incrementAndGet();
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36) + n;
        String facility = jdbc.sql("select min(code) from facility").query(String.class).single();
        jdbc.sql("insert into patient (facility_code, mrn, family_name, given_name, birth_date, sex, created_at, updated_at)"
                        + " values (?, ?, 'Edgecase', ?, date '1960-05-01', 'female', current_timestamp, current_timestamp)")
                .params(facility, "T" + tag, "Test" + n).update();
        long patient = jdbc.sql("select id from patient where mrn = ?").param("T" + tag).query(Long.class).single();
        long provider = provider(jdbc, "Attending " + tag, null);
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department) values (?, ?, ?, ?, ?, ?, ?, 'Internal Medicine')")
                .params(patient, "T" + tag, encounterClass, discharge == null ? "in-progress" : "finished", utc(admit),
                        utc(discharge), provider).update();
        long encounter = jdbc.sql("select id from encounter where account_number = ?").param("T" + tag).query(Long.class).single();
        return new CompletionFixtures(jdbc, patient, encounter, provider);
    }

    static long provider(JdbcClient jdbc, String name, Long userId) {
        String npi = String.format("9%09d", Math.abs(System.nanoTime() % 1_000_000_000L));
        jdbc.sql("insert into provider (npi, name, specialty, user_id) values (?, ?, 'Internal Medicine', ?)")
                .params(npi, name, userId).update();
        return jdbc.sql("select id from provider where npi = ?").param(npi).query(Long.class).single();
    }

    /** A document of this stay: written at {@code serviceAt}, signed at {@code signedAt} (or a draft). */
    long document(String type, Instant serviceAt, Instant signedAt, Long author) {
        return document(encounterId, type, serviceAt, signedAt, author);
    }

    /** A document of another encounter of this patient (a pre-admission visit). */
    long document(long encounter, String type, Instant serviceAt, Instant signedAt, Long author) {
        jdbc.sql("insert into document (patient_id, encounter_id, type_code, kind, source, title, author_provider_id,"
                        + " service_at, status, signed_at, created_at, updated_at) values (?, ?, ?, 'text', 'typed', ?, ?, ?, ?, ?, ?, ?)")
                .params(patientId, encounter, type, type, author == null ? attendingId : author, utc(serviceAt),
                        signedAt == null ? "draft" : "signed", utc(signedAt), utc(serviceAt), utc(serviceAt)).update();
        return jdbc.sql("select max(id) from document where encounter_id = ?").param(encounter).query(Long.class).single();
    }

    /** Another encounter of this patient: an outpatient visit at {@code at}, an hour long, by the same attending. */
    long visit(Instant at) {
        String account = "V" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQ.incrementAndGet();
        jdbc.sql("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                        + " attending_provider_id, department) values (?, ?, 'OUTPATIENT', 'finished', ?, ?, ?, 'Internal Medicine')")
                .params(patientId, account, utc(at), utc(at.plusSeconds(3600)), attendingId).update();
        return jdbc.sql("select id from encounter where account_number = ?").param(account).query(Long.class).single();
    }

    long surgicalCase(Instant start, Instant end) {
        jdbc.sql("insert into surgical_case (patient_id, encounter_id, surgeon_provider_id, procedure_text, started_at,"
                        + " ended_at, created_at) values (?, ?, ?, 'Laparoscopic cholecystectomy', ?, ?, current_timestamp)")
                .params(patientId, encounterId, attendingId, utc(start), utc(end)).update();
        return jdbc.sql("select max(id) from surgical_case where encounter_id = ?").param(encounterId).query(Long.class).single();
    }

    void sign(long documentId, Instant at) {
        jdbc.sql("update document set status = 'signed', signed_at = ? where id = ?").params(utc(at), documentId).update();
    }

    record Row(long id, String rule, String kind, String status, Long documentId, Long providerId, Instant dueAt) {}

    List<Row> deficiencies(String rule) {
        return jdbc.sql("select id, rule_code, kind, status, document_id, responsible_provider_id, due_at from deficiency"
                        + " where encounter_id = ? and rule_code = ? order by id")
                .params(encounterId, rule)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class),
                        rs.getObject(7, OffsetDateTime.class).toInstant()))
                .list();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
