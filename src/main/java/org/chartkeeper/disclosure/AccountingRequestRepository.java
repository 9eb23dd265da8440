package org.chartkeeper.disclosure;

import java.math.BigDecimal;
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

/** Patients' requests for an accounting of disclosures. Portable SQL. */
@Repository
class AccountingRequestRepository {

    private static final String COLUMNS = "id, patient_id, received_on, period_from, requested_by, deliver_to, due_on,"
            + " extension_notice_on, extension_reason, fee, fee_notice_on, fee_agreed_on, status, delivered_on,"
            + " letter_id, created_at, version";

    private final JdbcClient jdbc;

    AccountingRequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long patientId, LocalDate receivedOn, LocalDate periodFrom, String requestedBy, String deliverTo,
                LocalDate dueOn, BigDecimal fee, AccountingRequestStatus status, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into accounting_request (patient_id, received_on, period_from, requested_by, deliver_to,"
                        + " due_on, fee, status, created_at, created_by, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)")
                .params(patientId, receivedOn, periodFrom, requestedBy, deliverTo, dueOn, fee, status.name(), utc(now),
                        userId, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** The receipt dates of the patient's other requests that were not withdrawn (the 12-month fee rule). */
    List<LocalDate> receivedDates(long patientId) {
        return jdbc.sql("select received_on from accounting_request where patient_id = ? and status <> 'WITHDRAWN'")
                .param(patientId).query((rs, n) -> rs.getObject(1, LocalDate.class)).list();
    }

    Optional<AccountingRequest> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from accounting_request where id = ?").param(id)
                .query(AccountingRequestRepository::row).optional();
    }

    /** Open requests soonest due first, then the latest closed ones. */
    List<AccountingRequest> list(int limit) {
        return jdbc.sql("select " + COLUMNS + " from accounting_request order by case when status in"
                        + " ('RECEIVED','FEE_NOTICE') then 0 else 1 end, due_on, id desc fetch first " + limit + " rows only")
                .query(AccountingRequestRepository::row).list();
    }

    List<AccountingRequest> ofPatient(long patientId) {
        return jdbc.sql("select " + COLUMNS + " from accounting_request where patient_id = ? order by received_on desc, id desc")
                .param(patientId).query(AccountingRequestRepository::row).list();
    }

    boolean agreeFee(long id, int version, LocalDate noticeOn, LocalDate agreedOn, Instant now) {
        return jdbc.sql("update accounting_request set fee_notice_on = ?, fee_agreed_on = ?, status = 'RECEIVED',"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ? and status = 'FEE_NOTICE'")
                .params(noticeOn, agreedOn, utc(now), id, version).update() == 1;
    }

    boolean extend(long id, int version, LocalDate noticeOn, String reason, LocalDate dueOn, Instant now) {
        return jdbc.sql("update accounting_request set extension_notice_on = ?, extension_reason = ?, due_on = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ?"
                        + " and extension_notice_on is null")
                .params(noticeOn, reason, dueOn, utc(now), id, version).update() == 1;
    }

    boolean deliver(long id, int version, LocalDate on, long letterId, Instant now) {
        return jdbc.sql("update accounting_request set status = 'DELIVERED', delivered_on = ?, letter_id = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ? and status = 'RECEIVED'")
                .params(on, letterId, utc(now), id, version).update() == 1;
    }

    boolean withdraw(long id, int version, Instant now) {
        return jdbc.sql("update accounting_request set status = 'WITHDRAWN', updated_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status in ('RECEIVED','FEE_NOTICE')")
                .params(utc(now), id, version).update() == 1;
    }

    private static AccountingRequest row(ResultSet rs, int n) throws SQLException {
        long letter = rs.getLong("letter_id");
        Long letterId = rs.wasNull() ? null : letter;
        return new AccountingRequest(rs.getLong("id"), rs.getLong("patient_id"),
                rs.getObject("received_on", LocalDate.class), rs.getObject("period_from", LocalDate.class),
                rs.getString("requested_by"), rs.getString("deliver_to"), rs.getObject("due_on", LocalDate.class),
                rs.getObject("extension_notice_on", LocalDate.class), rs.getString("extension_reason"),
                rs.getBigDecimal("fee"), rs.getObject("fee_notice_on", LocalDate.class),
                rs.getObject("fee_agreed_on", LocalDate.class), AccountingRequestStatus.valueOf(rs.getString("status")),
                rs.getObject("delivered_on", LocalDate.class), letterId,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("version"));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
