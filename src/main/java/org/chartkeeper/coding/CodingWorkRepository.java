package org.chartkeeper.coding;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The coding queue (discharged encounters not final coded, assignments) and coding sessions. */
@Repository
class CodingWorkRepository {

    /** A discharged encounter waiting for final coding. */
    record Waiting(long encounterId, long patientId, String mrn, String accountNumber, String encounterClass,
                   Instant dischargeAt, String status, String coder, Integer assignmentVersion) {}

    /** One coding session: a coder's time in the workspace of one encounter. */
    record Session(String coder, String encounterClass, Instant startedAt, Instant lastActivityAt, Instant endedAt,
                   boolean finalized) {}

    private final JdbcClient jdbc;

    CodingWorkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Discharged before {@code before}, not final coded, by discharge time (oldest first), filtered. */
    List<Waiting> waiting(String encounterClass, String coder, Instant dischargedFrom, Instant dischargedBefore, int limit) {
        StringBuilder sql = new StringBuilder("select e.id, e.patient_id, p.mrn, e.account_number, e.encounter_class,"
                + " e.discharge_at, coalesce(a.status, 'not-started'), s.coder, s.version from encounter e"
                + " join patient p on p.id = e.patient_id"
                + " left join coding_abstract a on a.encounter_id = e.id"
                + " left join coding_assignment s on s.encounter_id = e.id"
                + " where e.discharge_at is not null and e.discharge_at < ? and (a.status is null or a.status <> 'final')");
        List<Object> params = new ArrayList<>();
        params.add(SuggestionRepository.utc(dischargedBefore));
        if (dischargedFrom != null) {
            sql.append(" and e.discharge_at >= ?");
            params.add(SuggestionRepository.utc(dischargedFrom));
        }
        if (encounterClass != null) {
            sql.append(" and upper(e.encounter_class) = ?");
            params.add(encounterClass);
        }
        if (coder != null) {
            if (coder.equals("-")) {
                sql.append(" and s.coder is null");
            } else {
                sql.append(" and s.coder = ?");
                params.add(coder);
            }
        }
        sql.append(" order by e.discharge_at, e.id limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Waiting(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7),
                        rs.getString(8), rs.getObject(9, Integer.class)))
                .list();
    }

    /** The patient of an encounter that is discharged and not final coded. */
    Optional<Long> waitingPatient(long encounterId, Instant now) {
        return jdbc.sql("select e.patient_id from encounter e left join coding_abstract a on a.encounter_id = e.id"
                        + " where e.id = ? and e.discharge_at is not null and e.discharge_at < ?"
                        + " and (a.status is null or a.status <> 'final')")
                .params(encounterId, SuggestionRepository.utc(now)).query(Long.class).optional();
    }

    Optional<Integer> assignmentVersion(long encounterId) {
        return jdbc.sql("select version from coding_assignment where encounter_id = ?").param(encounterId)
                .query(Integer.class).optional();
    }

    void assign(long encounterId, String coder, Instant at, String by) {
        jdbc.sql("insert into coding_assignment (encounter_id, coder, assigned_at, assigned_by, version) values (?, ?, ?, ?, 1)")
                .params(encounterId, coder, SuggestionRepository.utc(at), by).update();
    }

    boolean reassign(long encounterId, String coder, int version, Instant at, String by) {
        return jdbc.sql("update coding_assignment set coder = ?, assigned_at = ?, assigned_by = ?, version = version + 1"
                        + " where encounter_id = ? and version = ?")
                .params(coder, SuggestionRepository.utc(at), by, encounterId, version).update() == 1;
    }

    boolean unassign(long encounterId, int version) {
        return jdbc.sql("delete from coding_assignment where encounter_id = ? and version = ?")
                .params(encounterId, version).update() == 1;
    }

    // ------------------------------------------------------------------------------------------------ sessions

    /** Continues the coder's open session on the encounter if active since {@code idleSince}, else starts one. */
    void startOrTouch(long encounterId, String coder, String encounterClass, Instant now, Instant idleSince) {
        int touched = jdbc.sql("update coding_session set last_activity_at = ? where encounter_id = ? and coder = ?"
                        + " and ended_at is null and last_activity_at >= ?")
                .params(SuggestionRepository.utc(now), encounterId, coder, SuggestionRepository.utc(idleSince)).update();
        if (touched > 0) return;
        // an idle session ends at its last activity: time away from the workspace is not coding time
        jdbc.sql("update coding_session set ended_at = last_activity_at where encounter_id = ? and coder = ? and ended_at is null")
                .params(encounterId, coder).update();
        jdbc.sql("insert into coding_session (encounter_id, coder, encounter_class, started_at, last_activity_at)"
                        + " values (?, ?, ?, ?, ?)")
                .params(encounterId, coder, encounterClass, SuggestionRepository.utc(now), SuggestionRepository.utc(now))
                .update();
    }

    /** Ends the coder's open session on the encounter as finalized (or records a finalize without one). */
    void finalized(long encounterId, String coder, String encounterClass, Instant now) {
        int ended = jdbc.sql("update coding_session set ended_at = ?, last_activity_at = ?, finalized = true"
                        + " where encounter_id = ? and coder = ? and ended_at is null")
                .params(SuggestionRepository.utc(now), SuggestionRepository.utc(now), encounterId, coder).update();
        if (ended == 0) {
            jdbc.sql("insert into coding_session (encounter_id, coder, encounter_class, started_at, last_activity_at,"
                            + " ended_at, finalized) values (?, ?, ?, ?, ?, ?, true)")
                    .params(encounterId, coder, encounterClass, SuggestionRepository.utc(now), SuggestionRepository.utc(now),
                            SuggestionRepository.utc(now)).update();
        }
    }

    /** Sessions started in [from, to). */
    List<Session> sessions(Instant from, Instant to) {
        return jdbc.sql("select coder, encounter_class, started_at, last_activity_at, ended_at, finalized from coding_session"
                        + " where started_at >= ? and started_at < ?")
                .params(SuggestionRepository.utc(from), SuggestionRepository.utc(to))
                .query((rs, n) -> {
                    OffsetDateTime ended = rs.getObject(5, OffsetDateTime.class);
                    return new Session(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), ended == null ? null : ended.toInstant(),
                            rs.getBoolean(6));
                }).list();
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
    }
}
