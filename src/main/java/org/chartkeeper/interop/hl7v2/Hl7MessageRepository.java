package org.chartkeeper.interop.hl7v2;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class Hl7MessageRepository {

    private static final String COLUMNS = "id, sender, control_id, message_type, event, hl7_version, received_at,"
            + " remote_address, status, content, corrected_content, error_location, error_code, error_text, answer,"
            + " processed_at, attempts, discarded_by, discard_reason, version";

    private final JdbcClient jdbc;

    Hl7MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new message row; a repeat of (sender, control id) fails on the unique key. */
    long insert(AdtMessage.Header h, String content, Instant receivedAt, String remote, String status,
                String answer, Hl7Problem problem) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into hl7_message (sender, control_id, message_type, event, hl7_version, received_at,"
                        + " remote_address, status, content, error_location, error_code, error_text, answer, processed_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(h.sender(), h.controlId(), clip(h.messageType(), 20), clip(h.event(), 10), clip(h.version(), 10),
                        utc(receivedAt), clip(remote, 64), status, content.getBytes(StandardCharsets.UTF_8),
                        problem == null ? null : clip(problem.location().toString(), 40),
                        problem == null ? null : problem.code(), problem == null ? null : clip(problem.getMessage(), 2000),
                        answer, "processed".equals(status) ? utc(receivedAt) : null)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Records the outcome of processing: status, answer, error (null when processed). */
    void finish(long id, String status, String answer, Hl7Problem problem, Instant at) {
        jdbc.sql("update hl7_message set status = ?, answer = ?, error_location = ?, error_code = ?, error_text = ?,"
                        + " processed_at = ?, version = version + 1 where id = ?")
                .params(status, answer, problem == null ? null : clip(problem.location().toString(), 40),
                        problem == null ? null : problem.code(), problem == null ? null : clip(problem.getMessage(), 2000),
                        "processed".equals(status) ? utc(at) : null, id)
                .update();
    }

    /** A reprocessing attempt: the corrected text, one more attempt; false if someone else changed it meanwhile. */
    boolean retry(long id, int expectedVersion, String corrected, String status, String answer, Hl7Problem problem,
                  Instant at) {
        return jdbc.sql("update hl7_message set corrected_content = ?, attempts = attempts + 1, status = ?, answer = ?,"
                        + " error_location = ?, error_code = ?, error_text = ?, processed_at = ?, version = version + 1"
                        + " where id = ? and version = ?")
                .params(corrected == null ? null : corrected.getBytes(StandardCharsets.UTF_8), status, answer,
                        problem == null ? null : clip(problem.location().toString(), 40),
                        problem == null ? null : problem.code(), problem == null ? null : clip(problem.getMessage(), 2000),
                        "processed".equals(status) ? utc(at) : null, id, expectedVersion)
                .update() == 1;
    }

    boolean discard(long id, int expectedVersion, String by, String reason, Instant at) {
        return jdbc.sql("update hl7_message set status = 'discarded', discarded_by = ?, discard_reason = ?,"
                        + " processed_at = ?, version = version + 1 where id = ? and version = ? and status = 'failed'")
                .params(by, reason, utc(at), id, expectedVersion).update() == 1;
    }

    /** The stored answer of (sender, control id), if that message was received before. */
    Optional<String> answer(String sender, String controlId) {
        return jdbc.sql("select answer from hl7_message where sender = ? and control_id = ?").params(sender, controlId)
                .query((rs, n) -> rs.getString(1)).optional();
    }

    Optional<Hl7Message> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from hl7_message where id = ?").param(id)
                .query(Hl7MessageRepository::map).optional();
    }

    Optional<Hl7Message> find(String sender, String controlId) {
        return jdbc.sql("select " + COLUMNS + " from hl7_message where sender = ? and control_id = ?")
                .params(sender, controlId).query(Hl7MessageRepository::map).optional();
    }

    List<Hl7Message> byStatus(String status, int limit) {
        return jdbc.sql("select " + COLUMNS + " from hl7_message where status = ? order by received_at desc, id desc limit " + limit)
                .param(status).query(Hl7MessageRepository::map).list();
    }

    long count(String status) {
        return jdbc.sql("select count(*) from hl7_message where status = ?").param(status).query(Long.class).single();
    }

    List<SenderStatistics> statistics() {
        return jdbc.sql("select sender, count(*), sum(case when status = 'processed' then 1 else 0 end),"
                        + " sum(case when status = 'failed' then 1 else 0 end),"
                        + " sum(case when status = 'discarded' then 1 else 0 end), max(received_at)"
                        + " from hl7_message group by sender order by sender")
                .query((rs, n) -> new SenderStatistics(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    private static Hl7Message map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime processed = rs.getObject(16, OffsetDateTime.class);
        byte[] corrected = rs.getBytes(11);
        return new Hl7Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9),
                new String(rs.getBytes(10), StandardCharsets.UTF_8),
                corrected == null ? null : new String(corrected, StandardCharsets.UTF_8), rs.getString(12),
                rs.getString(13), rs.getString(14), rs.getString(15), processed == null ? null : processed.toInstant(),
                rs.getInt(17), rs.getString(18), rs.getString(19), rs.getInt(20));
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
