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

/** Requests, their history, disclosures and suspensions. Portable SQL (H2 in PostgreSQL mode and PostgreSQL). */
@Repository
class DisclosureRepository {

    private static final String REQUEST_COLUMNS = "id, request_no, patient_id, received_on, channel, requester_type,"
            + " requester_name, requester_address, asked_encounters, asked_from, asked_to, asked_document_types, purpose,"
            + " record_format, delivery, status, status_note, identity_verified, has_authorization, auth_description,"
            + " auth_discloser, auth_recipient, auth_purpose, auth_expires_on, auth_expiry_event, auth_signed_on,"
            + " auth_signed_by_rep, auth_rep_authority, auth_revocation_stmt, auth_conditioning_stmt,"
            + " auth_redisclosure_stmt, auth_revoked_on, court_order, satisfactory_assurance, request_facts, due_on,"
            + " extension_notice_on, extension_reason, work_item_id, created_at, version";

    private static final String DISCLOSURE_COLUMNS = "id, patient_id, disclosed_on, recipient_name, recipient_address,"
            + " description, purpose, category, request_id";

    private final JdbcClient jdbc;

    DisclosureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ requests

    record Intake(long patientId, LocalDate receivedOn, String channel, RequesterType type, String requesterName,
                  String requesterAddress, String askedEncounters, LocalDate askedFrom, LocalDate askedTo,
                  String askedDocumentTypes, String purpose, String format, String delivery) {}

    long insert(Intake in, Authorization a, RoiStatus status, String note, LocalDate dueOn, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into roi_request (request_no, patient_id, received_on, channel, requester_type, requester_name,"
                        + " requester_address, asked_encounters, asked_from, asked_to, asked_document_types, purpose,"
                        + " record_format, delivery, status, status_note, due_on, created_at, created_by, updated_at)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params("new-" + java.util.UUID.randomUUID().toString().substring(0, 12), in.patientId(), in.receivedOn(),
                        in.channel(), in.type().name(), in.requesterName(), in.requesterAddress(), in.askedEncounters(),
                        in.askedFrom(), in.askedTo(), in.askedDocumentTypes(), in.purpose(), in.format(), in.delivery(),
                        status.name(), note, dueOn, utc(now), userId, utc(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        jdbc.sql("update roi_request set request_no = ? where id = ?").params(String.format("ROI-%06d", id), id).update();
        writeAuthorization(id, a);
        return id;
    }

    private void writeAuthorization(long id, Authorization a) {
        jdbc.sql("update roi_request set identity_verified = ?, has_authorization = ?, auth_description = ?,"
                        + " auth_discloser = ?, auth_recipient = ?, auth_purpose = ?, auth_expires_on = ?,"
                        + " auth_expiry_event = ?, auth_signed_on = ?, auth_signed_by_rep = ?, auth_rep_authority = ?,"
                        + " auth_revocation_stmt = ?, auth_conditioning_stmt = ?, auth_redisclosure_stmt = ?,"
                        + " auth_revoked_on = ?, court_order = ?, satisfactory_assurance = ?, request_facts = ? where id = ?")
                .params(a.identityVerified(), a.present(), a.describesInformation(), a.namesDiscloser(),
                        a.namesRecipient(), a.statesPurpose(), a.expiresOn(), a.expiryEvent(), a.signedOn(),
                        a.signedByRepresentative(), a.representativeAuthority(), a.revocationStatement(),
                        a.conditioningStatement(), a.redisclosureStatement(), a.revokedOn(), a.courtOrder(),
                        a.satisfactoryAssurance(), RequestFact.codes(a.facts()), id)
                .update();
    }

    void workItem(long id, long workItemId) {
        jdbc.sql("update roi_request set work_item_id = ? where id = ?").params(workItemId, id).update();
    }

    /** Changes the authorization facts and the status if still at {@code version}; false when stale. */
    boolean updateAuthorization(long id, int version, Authorization a, RoiStatus status, String note, Instant now) {
        int n = jdbc.sql("update roi_request set status = ?, status_note = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ?")
                .params(status.name(), note, utc(now), id, version).update();
        if (n == 0) return false;
        writeAuthorization(id, a);
        return true;
    }

    boolean move(long id, int version, RoiStatus status, String note, Instant now) {
        return jdbc.sql("update roi_request set status = ?, status_note = ?, updated_at = ?, version = version + 1"
                        + " where id = ? and version = ?")
                .params(status.name(), note, utc(now), id, version).update() == 1;
    }

    boolean extend(long id, int version, LocalDate noticeOn, String reason, LocalDate dueOn, Instant now) {
        return jdbc.sql("update roi_request set extension_notice_on = ?, extension_reason = ?, due_on = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and extension_notice_on is null")
                .params(noticeOn, reason, dueOn, utc(now), id, version).update() == 1;
    }

    Optional<RoiRequest> find(long id) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from roi_request where id = ?").param(id)
                .query((rs, n) -> request(rs)).optional();
    }

    /** Open requests, the soonest due (and so the overdue) first. */
    List<RoiRequest> open(int limit) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from roi_request where status in ('RECEIVED','PENDED','IN_PROGRESS')"
                        + " order by due_on, id fetch first " + limit + " rows only")
                .query((rs, n) -> request(rs)).list();
    }

    List<RoiRequest> ofPatient(long patientId) {
        return jdbc.sql("select " + REQUEST_COLUMNS + " from roi_request where patient_id = ? order by received_on desc, id desc")
                .param(patientId).query((rs, n) -> request(rs)).list();
    }

    void history(long requestId, Instant at, Long userId, String action, RoiStatus from, RoiStatus to, String note) {
        jdbc.sql("insert into roi_request_history (request_id, at, user_id, action, from_status, to_status, note)"
                        + " values (?,?,?,?,?,?,?)")
                .params(requestId, utc(at), userId, action, from == null ? null : from.name(),
                        to == null ? null : to.name(), note)
                .update();
    }

    List<RequestHistoryEntry> historyOf(long requestId) {
        return jdbc.sql("select h.at, u.display_name, h.action, h.from_status, h.to_status, h.note"
                        + " from roi_request_history h left join app_user u on u.id = h.user_id"
                        + " where h.request_id = ? order by h.id")
                .param(requestId)
                .query((rs, n) -> new RequestHistoryEntry(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2), rs.getString(3), status(rs.getString(4)), status(rs.getString(5)),
                        rs.getString(6)))
                .list();
    }

    // ------------------------------------------------------------------ disclosures

    long insertDisclosure(long patientId, LocalDate on, String recipient, String address, String description,
                          String purpose, DisclosureCategory category, Long requestId, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into disclosure (patient_id, disclosed_on, recipient_name, recipient_address, description,"
                        + " purpose, category, request_id, entered_at, entered_by) values (?,?,?,?,?,?,?,?,?,?)")
                .params(patientId, on, recipient, address, description, purpose, category.name(), requestId, utc(now),
                        userId)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Many disclosures in one multi-row insert (the benchmark's loader): patient, date, recipient, description, purpose, category. */
    void insertSynthetic(List<Object[]> rows, Instant now) {
        StringBuilder sql = new StringBuilder("insert into disclosure (patient_id, disclosed_on, recipient_name,"
                + " description, purpose, category, entered_at) values ");
        List<Object> params = new java.util.ArrayList<>(rows.size() * 7);
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?)");
            params.addAll(java.util.Arrays.asList(rows.get(i)));
            params.add(utc(now));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** A patient's disclosures on or after {@code from} (the accounting's window), by the (patient, date) index. */
    List<Disclosure> disclosures(long patientId, LocalDate from, LocalDate to) {
        return jdbc.sql("select " + DISCLOSURE_COLUMNS + " from disclosure where patient_id = ? and disclosed_on >= ?"
                        + " and disclosed_on <= ? order by disclosed_on, id")
                .params(patientId, from, to)
                .query((rs, n) -> new Disclosure(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        DisclosureCategory.valueOf(rs.getString(8)), nullableLong(rs, 9)))
                .list();
    }

    long insertSuspension(long patientId, String agency, String statement, LocalDate until, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into disclosure_suspension (patient_id, agency, statement, suspended_until, entered_at, entered_by)"
                        + " values (?,?,?,?,?,?)")
                .params(patientId, agency, statement, until, utc(now), userId)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    List<Suspension> suspensions(long patientId) {
        return jdbc.sql("select id, patient_id, agency, statement, suspended_until from disclosure_suspension"
                        + " where patient_id = ? order by id")
                .param(patientId)
                .query((rs, n) -> new Suspension(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class)))
                .list();
    }

    // ------------------------------------------------------------------ mapping

    private static RoiRequest request(ResultSet rs) throws SQLException {
        Authorization a = new Authorization(rs.getBoolean("identity_verified"), rs.getBoolean("has_authorization"),
                rs.getBoolean("auth_description"), rs.getBoolean("auth_discloser"), rs.getBoolean("auth_recipient"),
                rs.getBoolean("auth_purpose"), rs.getObject("auth_expires_on", LocalDate.class),
                rs.getString("auth_expiry_event"), rs.getObject("auth_signed_on", LocalDate.class),
                rs.getBoolean("auth_signed_by_rep"), rs.getString("auth_rep_authority"),
                rs.getBoolean("auth_revocation_stmt"), rs.getBoolean("auth_conditioning_stmt"),
                rs.getBoolean("auth_redisclosure_stmt"), rs.getObject("auth_revoked_on", LocalDate.class),
                rs.getBoolean("court_order"), rs.getBoolean("satisfactory_assurance"),
                RequestFact.ofCodes(rs.getString("request_facts")));
        return new RoiRequest(rs.getLong("id"), rs.getString("request_no"), rs.getLong("patient_id"),
                rs.getObject("received_on", LocalDate.class), rs.getString("channel"),
                RequesterType.valueOf(rs.getString("requester_type")), rs.getString("requester_name"),
                rs.getString("requester_address"), rs.getString("asked_encounters"),
                rs.getObject("asked_from", LocalDate.class), rs.getObject("asked_to", LocalDate.class),
                rs.getString("asked_document_types"), rs.getString("purpose"), rs.getString("record_format"),
                rs.getString("delivery"), RoiStatus.valueOf(rs.getString("status")), rs.getString("status_note"), a,
                rs.getObject("due_on", LocalDate.class), rs.getObject("extension_notice_on", LocalDate.class),
                rs.getString("extension_reason"), nullableLong(rs, "work_item_id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    private static RoiStatus status(String s) {
        return s == null ? null : RoiStatus.valueOf(s);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
