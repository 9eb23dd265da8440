package org.chartkeeper.coding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CodingReviewRepository {

    private static final String COLUMNS = "id, encounter_id, patient_id, coder, encounter_class, finalized_at,"
            + " sampled_because, work_item_id, status, reviewer, submitted_at, dx_matched, dx_union, px_matched, px_union,"
            + " record_match, principal_match, version";

    private final JdbcClient jdbc;

    CodingReviewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Double> rate(String coder) {
        return jdbc.sql("select percent from coding_review_rate where coder = ?").param(coder).query(Double.class).optional();
    }

    void setRate(String coder, Double percent) {
        jdbc.sql("delete from coding_review_rate where coder = ?").param(coder).update();
        if (percent != null) {
            jdbc.sql("insert into coding_review_rate (coder, percent) values (?, ?)").params(coder, percent).update();
        }
    }

    List<Object[]> rates() {
        return jdbc.sql("select coder, percent from coding_review_rate order by coder")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getDouble(2)}).list();
    }

    /** How many of the coder's charts final coded in the calendar month (UTC) of {@code at} were sampled. */
    long sampledInMonth(String coder, Instant at) {
        java.time.YearMonth month = java.time.YearMonth.from(at.atZone(java.time.ZoneOffset.UTC));
        return jdbc.sql("select count(*) from coding_review where coder = ? and finalized_at >= ? and finalized_at < ?")
                .params(coder, SuggestionRepository.utc(month.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)),
                        SuggestionRepository.utc(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)))
                .query(Long.class).single();
    }

    boolean openFor(long encounterId) {
        return jdbc.sql("select count(*) from coding_review where encounter_id = ? and status = 'open'")
                .param(encounterId).query(Long.class).single() > 0;
    }

    long create(long encounterId, long patientId, String coder, String encounterClass, Instant finalizedAt,
                String because, List<EncounterCodingRepository.Row> codes) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into coding_review (encounter_id, patient_id, coder, encounter_class, finalized_at,"
                        + " sampled_because, status, version) values (?, ?, ?, ?, ?, ?, 'open', 1)")
                .params(encounterId, patientId, coder, encounterClass, SuggestionRepository.utc(finalizedAt), because)
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        for (EncounterCodingRepository.Row r : codes) {
            insertCode(id, "original", r.kind(), r.seq(), r.system(), r.code(), r.poa());
        }
        return id;
    }

    void insertCode(long reviewId, String side, String kind, int seq, CodeSystem system, String code, String poa) {
        jdbc.sql("insert into coding_review_code (review_id, side, kind, seq, code_system, code, poa) values (?,?,?,?,?,?,?)")
                .params(reviewId, side, kind, seq, system.name(), code, poa).update();
    }

    void linkWorkItem(long reviewId, long itemId) {
        jdbc.sql("update coding_review set work_item_id = ? where id = ?").params(itemId, reviewId).update();
    }

    Optional<CodingReview> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from coding_review where id = ?").param(id)
                .query(CodingReviewRepository::map).optional();
    }

    List<CodingReview.Code> codes(long reviewId, String side) {
        return jdbc.sql("select kind, seq, code_system, code, poa from coding_review_code where review_id = ? and side = ?"
                        + " order by kind, seq")
                .params(reviewId, side)
                .query((rs, n) -> {
                    CodeSystem s = CodeSystem.valueOf(rs.getString(3));
                    return new CodingReview.Code(rs.getString(1), rs.getInt(2), s, rs.getString(4),
                            s.display(rs.getString(4)), rs.getString(5));
                }).list();
    }

    /** False when the review was submitted (or changed) meanwhile. */
    boolean submit(long id, int version, String reviewer, Instant at, CodingAccuracy a) {
        return jdbc.sql("update coding_review set status = 'done', reviewer = ?, submitted_at = ?, dx_matched = ?,"
                        + " dx_union = ?, px_matched = ?, px_union = ?, record_match = ?, principal_match = ?,"
                        + " version = version + 1 where id = ? and version = ? and status = 'open'")
                .params(reviewer, SuggestionRepository.utc(at), a.dxMatched(), a.dxUnion(), a.pxMatched(), a.pxUnion(),
                        a.recordMatch(), a.principalMatch(), id, version)
                .update() == 1;
    }

    /** Reviews by status: open ones oldest first, done ones newest first. */
    List<CodingReview> list(String status, int limit) {
        return jdbc.sql("select " + COLUMNS + " from coding_review where status = ? order by "
                        + (status.equals("open") ? "finalized_at, id" : "submitted_at desc, id desc") + " limit " + limit)
                .param(status).query(CodingReviewRepository::map).list();
    }

    /** Submitted reviews in [from, to). */
    List<CodingReview> done(Instant from, Instant to) {
        return jdbc.sql("select " + COLUMNS + " from coding_review where status = 'done' and submitted_at >= ?"
                        + " and submitted_at < ? order by submitted_at")
                .params(SuggestionRepository.utc(from), SuggestionRepository.utc(to))
                .query(CodingReviewRepository::map).list();
    }

    private static CodingReview map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime submitted = rs.getObject(11, OffsetDateTime.class);
        return new CodingReview(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7), rs.getObject(8, Long.class),
                rs.getString(9), rs.getString(10), submitted == null ? null : submitted.toInstant(),
                rs.getObject(12, Integer.class), rs.getObject(13, Integer.class), rs.getObject(14, Integer.class),
                rs.getObject(15, Integer.class), rs.getObject(16, Boolean.class), rs.getObject(17, Boolean.class),
                rs.getInt(18), List.of(), List.of());
    }
}
