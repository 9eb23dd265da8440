package org.chartkeeper.disclosure;

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

/** Letter templates and generated letters. Portable SQL. */
@Repository
class LetterRepository {

    private static final String LETTER_COLUMNS = "l.id, l.patient_id, l.template_code, t.name, l.subject_type,"
            + " l.subject_id, l.created_at, u.display_name";

    private final JdbcClient jdbc;

    LetterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<LetterTemplate> templates() {
        return jdbc.sql("select t.code, t.name, t.body, t.updated_at, u.display_name, t.version from letter_template t"
                + " left join app_user u on u.id = t.updated_by order by t.name").query(LetterRepository::template).list();
    }

    Optional<LetterTemplate> template(String code) {
        return jdbc.sql("select t.code, t.name, t.body, t.updated_at, u.display_name, t.version from letter_template t"
                + " left join app_user u on u.id = t.updated_by where t.code = ?").param(code)
                .query(LetterRepository::template).optional();
    }

    boolean updateTemplate(String code, int version, String name, String body, Instant now, Long userId) {
        return jdbc.sql("update letter_template set name = ?, body = ?, updated_at = ?, updated_by = ?,"
                        + " version = version + 1 where code = ? and version = ?")
                .params(name, body, utc(now), userId, code, version).update() == 1;
    }

    long insert(long patientId, String templateCode, String subjectType, long subjectId, String body, byte[] pdf,
                Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into letter (patient_id, template_code, subject_type, subject_id, body, pdf, created_at,"
                        + " created_by) values (?,?,?,?,?,?,?,?)")
                .params(patientId, templateCode, subjectType, subjectId, body, pdf, utc(now), userId)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Letter> find(long id) {
        return jdbc.sql("select " + LETTER_COLUMNS + " from letter l join letter_template t on t.code = l.template_code"
                + " left join app_user u on u.id = l.created_by where l.id = ?").param(id)
                .query(LetterRepository::letter).optional();
    }

    Optional<byte[]> pdf(long id) {
        return jdbc.sql("select pdf from letter where id = ?").param(id).query((rs, n) -> rs.getBytes(1)).optional();
    }

    Optional<String> body(long id) {
        return jdbc.sql("select body from letter where id = ?").param(id).query(String.class).optional();
    }

    List<Letter> ofSubject(String subjectType, long subjectId) {
        return jdbc.sql("select " + LETTER_COLUMNS + " from letter l join letter_template t on t.code = l.template_code"
                        + " left join app_user u on u.id = l.created_by where l.subject_type = ? and l.subject_id = ?"
                        + " order by l.id")
                .params(subjectType, subjectId).query(LetterRepository::letter).list();
    }

    List<Letter> recent(int limit) {
        return jdbc.sql("select " + LETTER_COLUMNS + " from letter l join letter_template t on t.code = l.template_code"
                        + " left join app_user u on u.id = l.created_by order by l.id desc fetch first " + limit
                        + " rows only")
                .query(LetterRepository::letter).list();
    }

    private static LetterTemplate template(ResultSet rs, int n) throws SQLException {
        return new LetterTemplate(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getInt(6));
    }

    private static Letter letter(ResultSet rs, int n) throws SQLException {
        return new Letter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
