package org.chartkeeper.coding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SuggestionRepository {

    private static final String COLUMNS = "id, encounter_id, document_id, code_system, code, title, sentence,"
            + " start_offset, end_offset, qualifier, score, status, decided_by, decided_at, reject_reason";

    private final JdbcClient jdbc;

    SuggestionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> lastRun(long encounterId) {
        return jdbc.sql("select documents from coding_suggestion_run where encounter_id = ?").param(encounterId)
                .query(String.class).optional();
    }

    void saveRun(long encounterId, String documents, Instant at) {
        int updated = jdbc.sql("update coding_suggestion_run set documents = ?, computed_at = ? where encounter_id = ?")
                .params(documents, utc(at), encounterId).update();
        if (updated == 0) {
            jdbc.sql("insert into coding_suggestion_run (encounter_id, documents, computed_at) values (?, ?, ?)")
                    .params(encounterId, documents, utc(at)).update();
        }
    }

    /** Adds a suggestion unless the encounter already has one for the code (its decision is kept). */
    void insertIfNew(long encounterId, long patientId, long documentId, ComputerAssistedCoding.Finding f, Instant at) {
        jdbc.sql("insert into coding_suggestion (encounter_id, patient_id, document_id, code_system, code, title, sentence,"
                        + " start_offset, end_offset, qualifier, score, status, created_at)"
                        + " select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ? where not exists (select 1 from coding_suggestion"
                        + " where encounter_id = ? and code_system = ? and code = ?)")
                .params(encounterId, patientId, documentId, f.system().name(), f.code(), cut(f.title(), 300),
                        cut(f.sentence(), 1000), f.start(), f.end(), f.qualifier(), f.score(), utc(at), encounterId,
                        f.system().name(), f.code())
                .update();
    }

    List<CodingSuggestion> ofEncounter(long encounterId) {
        return jdbc.sql("select " + COLUMNS + " from coding_suggestion where encounter_id = ? order by score desc, id")
                .param(encounterId).query(SuggestionRepository::map).list();
    }

    Optional<CodingSuggestion> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from coding_suggestion where id = ?").param(id)
                .query(SuggestionRepository::map).optional();
    }

    /** False when it was decided meanwhile. */
    boolean decide(long id, String status, String by, Instant at, String reason) {
        return jdbc.sql("update coding_suggestion set status = ?, decided_by = ?, decided_at = ?, reject_reason = ?"
                        + " where id = ? and status = 'open'")
                .params(status, by, utc(at), reason, id).update() == 1;
    }

    /** One decision, for the acceptance report. */
    record Decision(String coder, CodeSystem system, String code, String title, boolean accepted, Instant at) {}

    /** The decisions made in [from, to). */
    List<Decision> decisions(Instant from, Instant to) {
        return jdbc.sql("select decided_by, code_system, code, title, status, decided_at from coding_suggestion"
                        + " where status <> 'open' and decided_at >= ? and decided_at < ?")
                .params(utc(from), utc(to))
                .query((rs, n) -> new Decision(rs.getString(1), CodeSystem.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5).equals("accepted"), rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    private static CodingSuggestion map(ResultSet rs, int n) throws SQLException {
        CodeSystem system = CodeSystem.valueOf(rs.getString(4));
        OffsetDateTime decided = rs.getObject(14, OffsetDateTime.class);
        return new CodingSuggestion(rs.getLong(1), rs.getLong(2), rs.getLong(3), system, rs.getString(5),
                system.display(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9),
                rs.getString(10), rs.getDouble(11), rs.getString(12), rs.getString(13),
                decided == null ? null : decided.toInstant(), rs.getString(15));
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
