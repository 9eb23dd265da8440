package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aggregate queries for the desk's report: no patient identifiers leave these queries. Portable SQL. */
@Repository
class RoiReportRepository {

    private final JdbcClient jdbc;

    RoiReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Released(String requesterType, LocalDate receivedOn, LocalDate releasedOn) {}

    /** Requests released in [from, to]: their requester type, receipt date and release date. */
    List<Released> released(LocalDate from, LocalDate to) {
        return jdbc.sql("select r.requester_type, r.received_on, h.at from roi_request r join roi_request_history h"
                        + " on h.request_id = r.id and h.action = 'released' where h.at >= ? and h.at < ?")
                .params(from.atStartOfDay().atOffset(java.time.ZoneOffset.UTC),
                        to.plusDays(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
                .query((rs, n) -> new Released(rs.getString(1), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, OffsetDateTime.class).toLocalDate()))
                .list();
    }

    /** The receipt dates of the open requests (the backlog). */
    List<LocalDate> openReceived() {
        return jdbc.sql("select received_on from roi_request where status in ('RECEIVED','PENDED','IN_PROGRESS')")
                .query((rs, n) -> rs.getObject(1, LocalDate.class)).list();
    }

    int overdue(LocalDate today) {
        return jdbc.sql("select count(*) from roi_request where status in ('RECEIVED','PENDED','IN_PROGRESS') and due_on < ?")
                .param(today).query(Integer.class).single();
    }

    /** Requests received in [from, to] per requester type. */
    List<Object[]> byRequesterType(LocalDate from, LocalDate to) {
        return jdbc.sql("select requester_type, count(*) from roi_request where received_on between ? and ?"
                        + " group by requester_type order by count(*) desc, requester_type")
                .params(from, to).query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)}).list();
    }

    /** How many of each kind of request were received in [from, to]. */
    int count(String table, LocalDate from, LocalDate to) {
        String column = table.equals("outgoing_request") ? "sent_on" : "received_on";
        if (!List.of("roi_request", "accounting_request", "amendment_request", "outgoing_request").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        return jdbc.sql("select count(*) from " + table + " where " + column + " between ? and ?")
                .params(from, to).query(Integer.class).single();
    }

    /** Accounting fees of the requests delivered in [from, to], by delivery date. */
    List<Object[]> accountingFees(LocalDate from, LocalDate to) {
        return jdbc.sql("select delivered_on, fee from accounting_request where status = 'DELIVERED' and fee > 0"
                        + " and delivered_on between ? and ?")
                .params(from, to).query((rs, n) -> new Object[] {rs.getObject(1, LocalDate.class), rs.getBigDecimal(2)})
                .list();
    }

    /** Release invoices paid in [from, to], by payment date. */
    List<Object[]> invoicesPaid(LocalDate from, LocalDate to) {
        return jdbc.sql("select paid_on, total from invoice where status = 'paid' and total > 0 and paid_on between ? and ?")
                .params(from, to).query((rs, n) -> new Object[] {rs.getObject(1, LocalDate.class), rs.getBigDecimal(2)})
                .list();
    }

    static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }
}
