package org.chartkeeper.disclosure;

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

/** Requests to outside facilities. Portable SQL. */
@Repository
class OutgoingRepository {

    private static final String COLUMNS = "id, patient_id, facility, facility_contact, asked_for, purpose, sent_on,"
            + " follow_up_on, follow_ups, status, status_note, received_on, scan_batch_id, created_at, version";

    private final JdbcClient jdbc;

    OutgoingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long patientId, String facility, String contact, String askedFor, String purpose, LocalDate sentOn,
                LocalDate followUpOn, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into outgoing_request (patient_id, facility, facility_contact, asked_for, purpose, sent_on,"
                        + " follow_up_on, status, created_at, created_by, updated_at) values (?,?,?,?,?,?,?,'SENT',?,?,?)")
                .params(patientId, facility, contact, askedFor, purpose, sentOn, followUpOn, utc(now), userId, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<OutgoingRequest> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from outgoing_request where id = ?").param(id)
                .query(OutgoingRepository::row).optional();
    }

    /** Open requests by follow-up date (the overdue first), then the latest closed ones. */
    List<OutgoingRequest> list(int limit) {
        return jdbc.sql("select " + COLUMNS + " from outgoing_request order by case when status in ('SENT','FOLLOW_UP')"
                        + " then 0 else 1 end, follow_up_on, id desc fetch first " + limit + " rows only")
                .query(OutgoingRepository::row).list();
    }

    boolean followUp(long id, int version, LocalDate next, String note, Instant now) {
        return jdbc.sql("update outgoing_request set status = 'FOLLOW_UP', follow_up_on = ?, follow_ups = follow_ups + 1,"
                        + " status_note = ?, updated_at = ?, version = version + 1 where id = ? and version = ?"
                        + " and status in ('SENT','FOLLOW_UP')")
                .params(next, note, utc(now), id, version).update() == 1;
    }

    boolean received(long id, int version, LocalDate on, long batchId, String note, Instant now) {
        return jdbc.sql("update outgoing_request set status = 'RECEIVED', received_on = ?, scan_batch_id = ?,"
                        + " status_note = ?, updated_at = ?, version = version + 1 where id = ? and version = ?"
                        + " and status in ('SENT','FOLLOW_UP')")
                .params(on, batchId, note, utc(now), id, version).update() == 1;
    }

    boolean cancel(long id, int version, String note, Instant now) {
        return jdbc.sql("update outgoing_request set status = 'CANCELLED', status_note = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and status in ('SENT','FOLLOW_UP')")
                .params(note, utc(now), id, version).update() == 1;
    }

    private static OutgoingRequest row(ResultSet rs, int n) throws SQLException {
        long batch = rs.getLong("scan_batch_id");
        Long batchId = rs.wasNull() ? null : batch;
        return new OutgoingRequest(rs.getLong("id"), rs.getLong("patient_id"), rs.getString("facility"),
                rs.getString("facility_contact"), rs.getString("asked_for"), rs.getString("purpose"),
                rs.getObject("sent_on", LocalDate.class), rs.getObject("follow_up_on", LocalDate.class),
                rs.getInt("follow_ups"), OutgoingStatus.valueOf(rs.getString("status")), rs.getString("status_note"),
                rs.getObject("received_on", LocalDate.class), batchId,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("version"));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
