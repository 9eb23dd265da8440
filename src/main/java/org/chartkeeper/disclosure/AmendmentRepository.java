package org.chartkeeper.disclosure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Patients' requests to amend. Portable SQL. Document titles come through the record service, not a join. */
@Repository
class AmendmentRepository {

    private static final String COLUMNS = "a.id, a.patient_id, a.document_id, a.received_on, a.requested_by,"
            + " a.what_is_wrong, a.proposed_change, a.due_on, a.extension_notice_on, a.extension_reason, a.status,"
            + " a.author_provider_id, a.decider_user_id, du.display_name as decider_name, a.work_item_id, a.decided_on,"
            + " db.display_name as decided_by_name, a.denial_reason, a.decision_note, a.amendment_document_id,"
            + " a.disagreement, a.disagreement_on, a.rebuttal, a.rebuttal_on, a.created_at, a.version";
    private static final String FROM = " from amendment_request a left join app_user du on du.id = a.decider_user_id"
            + " left join app_user db on db.id = a.decided_by";

    private final JdbcClient jdbc;

    AmendmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long patientId, long documentId, LocalDate receivedOn, String requestedBy, String whatIsWrong,
                String proposedChange, LocalDate dueOn, Long authorProviderId, Long deciderUserId, Instant now,
                Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into amendment_request (patient_id, document_id, received_on, requested_by, what_is_wrong,"
                        + " proposed_change, due_on, status, author_provider_id, decider_user_id, created_at, created_by,"
                        + " updated_at) values (?,?,?,?,?,?,?,'PENDING',?,?,?,?,?)")
                .params(patientId, documentId, receivedOn, requestedBy, whatIsWrong, proposedChange, dueOn,
                        authorProviderId, deciderUserId, utc(now), userId, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void workItem(long id, long workItemId) {
        jdbc.sql("update amendment_request set work_item_id = ? where id = ?").params(workItemId, id).update();
    }

    Optional<AmendmentRequest> find(long id) {
        return jdbc.sql("select " + COLUMNS + FROM + " where a.id = ?").param(id)
                .query(AmendmentRepository::row).optional();
    }

    /** Pending requests soonest due first, then the latest decided ones. */
    List<AmendmentRequest> list(int limit) {
        return jdbc.sql("select " + COLUMNS + FROM + " order by case when a.status = 'PENDING' then 0 else 1 end,"
                        + " a.due_on, a.id desc fetch first " + limit + " rows only")
                .query(AmendmentRepository::row).list();
    }

    /** The decided requests about these documents of the patient (what later releases must carry). */
    List<AmendmentRequest> decidedFor(long patientId, Collection<Long> documentIds) {
        if (documentIds.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + FROM + " where a.patient_id = :patient and a.document_id in (:documents)"
                        + " and a.status in ('ACCEPTED','DENIED') order by a.document_id, a.id")
                .param("patient", patientId).param("documents", documentIds)
                .query(AmendmentRepository::row).list();
    }

    /** Every decided request of the patient (what releases of any of their documents must carry). */
    List<AmendmentRequest> decidedFor(long patientId) {
        return jdbc.sql("select " + COLUMNS + FROM + " where a.patient_id = ? and a.status in ('ACCEPTED','DENIED')"
                        + " order by a.document_id, a.id")
                .param(patientId).query(AmendmentRepository::row).list();
    }

    boolean extend(long id, int version, LocalDate noticeOn, String reason, LocalDate dueOn, Instant now) {
        return jdbc.sql("update amendment_request set extension_notice_on = ?, extension_reason = ?, due_on = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ? and status = 'PENDING'"
                        + " and extension_notice_on is null")
                .params(noticeOn, reason, dueOn, utc(now), id, version).update() == 1;
    }

    boolean accept(long id, int version, LocalDate on, Long userId, String note, long amendmentDocumentId, Instant now) {
        return jdbc.sql("update amendment_request set status = 'ACCEPTED', decided_on = ?, decided_by = ?,"
                        + " decision_note = ?, amendment_document_id = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status = 'PENDING'")
                .params(on, userId, note, amendmentDocumentId, utc(now), id, version).update() == 1;
    }

    boolean deny(long id, int version, LocalDate on, Long userId, AmendmentDenialReason reason, String note, Instant now) {
        return jdbc.sql("update amendment_request set status = 'DENIED', decided_on = ?, decided_by = ?,"
                        + " denial_reason = ?, decision_note = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status = 'PENDING'")
                .params(on, userId, reason.name(), note, utc(now), id, version).update() == 1;
    }

    boolean disagreement(long id, int version, String text, LocalDate on, Instant now) {
        return jdbc.sql("update amendment_request set disagreement = ?, disagreement_on = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and status = 'DENIED'")
                .params(text, on, utc(now), id, version).update() == 1;
    }

    boolean rebuttal(long id, int version, String text, LocalDate on, Instant now) {
        return jdbc.sql("update amendment_request set rebuttal = ?, rebuttal_on = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and disagreement is not null")
                .params(text, on, utc(now), id, version).update() == 1;
    }

    private static AmendmentRequest row(ResultSet rs, int n) throws SQLException {
        String reason = rs.getString("denial_reason");
        return new AmendmentRequest(rs.getLong("id"), rs.getLong("patient_id"), rs.getLong("document_id"), null,
                rs.getObject("received_on", LocalDate.class), rs.getString("requested_by"),
                rs.getString("what_is_wrong"), rs.getString("proposed_change"), rs.getObject("due_on", LocalDate.class),
                rs.getObject("extension_notice_on", LocalDate.class), rs.getString("extension_reason"),
                AmendmentStatus.valueOf(rs.getString("status")), nullable(rs, "author_provider_id"),
                nullable(rs, "decider_user_id"), rs.getString("decider_name"), nullable(rs, "work_item_id"),
                rs.getObject("decided_on", LocalDate.class), rs.getString("decided_by_name"),
                reason == null ? null : AmendmentDenialReason.valueOf(reason), rs.getString("decision_note"),
                nullable(rs, "amendment_document_id"), rs.getString("disagreement"),
                rs.getObject("disagreement_on", LocalDate.class), rs.getString("rebuttal"),
                rs.getObject("rebuttal_on", LocalDate.class), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    private static Long nullable(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
