package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Fulfillment tables: selection, sensitive flags, redactions, packages, download links, deliveries, fee schedules
 * and invoices. Portable SQL (H2 in PostgreSQL mode and PostgreSQL).
 */
@Repository
class FulfillmentRepository {

    private static final String PACKAGE_COLUMNS = "id, request_id, package_no, sha256, size_bytes, page_count,"
            + " record_pages, bates_first, bates_last, watermark, part2_notice, documents, redactions, built_at,"
            + " current_package, contents";
    private static final String LINK_COLUMNS = "id, package_id, expires_at, max_downloads, downloads, created_at,"
            + " revoked_at";
    private static final String INVOICE_COLUMNS = "id, invoice_no, request_id, package_id, schedule_code, pages, lines,"
            + " total, status, status_note, paid_on, created_at, version";

    private final JdbcClient jdbc;

    FulfillmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ fulfillment row (version)

    record State(long requestId, String feeSchedule, Long reviewWorkItemId, int version) {}

    State state(long requestId, Instant now) {
        jdbc.sql("insert into release_fulfillment (request_id, updated_at) select ?, ? where not exists"
                + " (select 1 from release_fulfillment where request_id = ?)").params(requestId, utc(now), requestId)
                .update();
        return jdbc.sql("select request_id, fee_schedule, review_work_item_id, version from release_fulfillment"
                        + " where request_id = ?").param(requestId)
                .query((rs, n) -> new State(rs.getLong(1), rs.getString(2), nullableLong(rs, "review_work_item_id"),
                        rs.getInt(4))).single();
    }

    Optional<State> findState(long requestId) {
        return jdbc.sql("select request_id, fee_schedule, review_work_item_id, version from release_fulfillment"
                        + " where request_id = ?").param(requestId)
                .query((rs, n) -> new State(rs.getLong(1), rs.getString(2), nullableLong(rs, "review_work_item_id"),
                        rs.getInt(4))).optional();
    }

    /** Bumps the version if it is still {@code version}; false when someone changed it first. */
    boolean touch(long requestId, int version, Instant now) {
        return jdbc.sql("update release_fulfillment set version = version + 1, updated_at = ? where request_id = ?"
                + " and version = ?").params(utc(now), requestId, version).update() == 1;
    }

    void feeSchedule(long requestId, String code) {
        jdbc.sql("update release_fulfillment set fee_schedule = ? where request_id = ?").params(code, requestId).update();
    }

    void reviewWorkItem(long requestId, Long itemId) {
        jdbc.sql("update release_fulfillment set review_work_item_id = ? where request_id = ?").params(itemId, requestId)
                .update();
    }

    // ------------------------------------------------------------------ sensitive categories

    Map<String, String> typeCategories() {
        Map<String, String> out = new HashMap<>();
        jdbc.sql("select type_code, category from sensitive_category_type")
                .query((ResultSet rs) -> { out.put(rs.getString(1), rs.getString(2)); });
        return out;
    }

    /** Every flag of each document (a document may carry several categories). */
    Map<Long, List<String>> flags(Collection<Long> documentIds) {
        Map<Long, List<String>> out = new HashMap<>();
        if (documentIds.isEmpty()) return out;
        jdbc.sql("select document_id, category from sensitive_document_flag where document_id in (:ids)"
                        + " order by document_id, category")
                .param("ids", documentIds).query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return out;
    }

    void flag(long documentId, String category, String note, Instant now, Long userId) {
        jdbc.sql("delete from sensitive_document_flag where document_id = ? and category = ?").params(documentId, category)
                .update();
        jdbc.sql("insert into sensitive_document_flag (document_id, category, note, flagged_at, flagged_by)"
                + " values (?, ?, ?, ?, ?)").params(documentId, category, note, utc(now), userId).update();
    }

    // ------------------------------------------------------------------ selection

    List<ReleaseSelection> selection(long requestId) {
        return jdbc.sql("select document_id, position, category, review, review_note from release_selection"
                        + " where request_id = ? order by position").param(requestId)
                .query((rs, n) -> new ReleaseSelection(rs.getLong(1), rs.getInt(2),
                        SensitiveCategory.ofCodes(rs.getString(3)), rs.getString(4), rs.getString(5))).list();
    }

    void clearSelection(long requestId) {
        jdbc.sql("delete from release_selection where request_id = ?").param(requestId).update();
    }

    void select(long requestId, long documentId, int position, java.util.Set<SensitiveCategory> categories,
                String review, Instant now, Long userId) {
        jdbc.sql("insert into release_selection (request_id, document_id, position, category, review, selected_at,"
                        + " selected_by) values (?, ?, ?, ?, ?, ?, ?)")
                .params(requestId, documentId, position, SensitiveCategory.codes(categories), review, utc(now),
                        userId).update();
    }

    void review(long requestId, long documentId, String review, String note, Instant now, Long userId) {
        jdbc.sql("update release_selection set review = ?, review_note = ?, reviewed_at = ?, reviewed_by = ?"
                        + " where request_id = ? and document_id = ?")
                .params(review, note, utc(now), userId, requestId, documentId).update();
    }

    // ------------------------------------------------------------------ redactions

    List<Redaction> redactions(long requestId) {
        return jdbc.sql("select id, document_id, page_no, x, y, w, h, term, reason from redaction where request_id = ?"
                        + " order by document_id, id").param(requestId)
                .query((rs, n) -> new Redaction(rs.getLong(1), rs.getLong(2), rs.getObject(3) == null ? null
                        : rs.getInt(3), nullableDouble(rs, 4), nullableDouble(rs, 5), nullableDouble(rs, 6),
                        nullableDouble(rs, 7), rs.getString(8), rs.getString(9))).list();
    }

    long insertRedaction(long requestId, long documentId, Integer pageNo, Double x, Double y, Double w, Double h,
                         String term, String reason, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into redaction (request_id, document_id, page_no, x, y, w, h, term, reason, created_at,"
                        + " created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(requestId, documentId, pageNo, x, y, w, h, term, reason, utc(now), userId)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    boolean deleteRedaction(long requestId, long redactionId) {
        return jdbc.sql("delete from redaction where request_id = ? and id = ?").params(requestId, redactionId)
                .update() == 1;
    }

    // ------------------------------------------------------------------ packages

    long insertPackage(long requestId, String sha256, long size, int pages, int recordPages, String batesFirst,
                       String batesLast, String watermark, boolean part2, int documents, int redactions, String contents,
                       Instant now, Long userId) {
        jdbc.sql("update release_package set current_package = false where request_id = ?").param(requestId).update();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into release_package (request_id, package_no, sha256, size_bytes, page_count, record_pages,"
                        + " bates_first, bates_last, watermark, part2_notice, documents, redactions, built_at, built_by,"
                        + " current_package, contents) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)")
                .params(requestId, "PKG-" + requestId + "-" + now.toEpochMilli(), sha256, size, pages, recordPages,
                        batesFirst, batesLast, watermark, part2, documents, redactions, utc(now), userId, contents)
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        jdbc.sql("update release_package set package_no = ? where id = ?")
                .params(String.format("PKG-%06d", id), id).update();
        return id;
    }

    Optional<ReleasePackage> currentPackage(long requestId) {
        return jdbc.sql("select " + PACKAGE_COLUMNS + " from release_package where request_id = ? and current_package")
                .param(requestId).query(FulfillmentRepository::pkg).optional();
    }

    Optional<ReleasePackage> findPackage(long packageId) {
        return jdbc.sql("select " + PACKAGE_COLUMNS + " from release_package where id = ?").param(packageId)
                .query(FulfillmentRepository::pkg).optional();
    }

    private static ReleasePackage pkg(ResultSet rs, int n) throws SQLException {
        return new ReleasePackage(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getBoolean(11),
                rs.getInt(12), rs.getInt(13), instant(rs, 14), rs.getBoolean(15), rs.getString(16));
    }

    // ------------------------------------------------------------------ links

    long insertLink(long packageId, String tokenSha256, Instant expires, int max, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into release_download_link (package_id, token_sha256, expires_at, max_downloads, created_at,"
                        + " created_by) values (?, ?, ?, ?, ?, ?)")
                .params(packageId, tokenSha256, utc(expires), max, utc(now), userId).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    List<ReleaseLink> links(long requestId) {
        return jdbc.sql("select l.id, l.package_id, l.expires_at, l.max_downloads, l.downloads, l.created_at,"
                        + " l.revoked_at from release_download_link l join release_package p on p.id = l.package_id"
                        + " where p.request_id = ? order by l.id").param(requestId)
                .query(FulfillmentRepository::link).list();
    }

    Optional<ReleaseLink> linkByToken(String tokenSha256) {
        return jdbc.sql("select " + LINK_COLUMNS + " from release_download_link where token_sha256 = ?")
                .param(tokenSha256).query(FulfillmentRepository::link).optional();
    }

    Optional<ReleaseLink> link(long linkId) {
        return jdbc.sql("select " + LINK_COLUMNS + " from release_download_link where id = ?")
                .param(linkId).query(FulfillmentRepository::link).optional();
    }

    /** Counts one download if the link is still usable at {@code now}; false when it is not (raced or used up). */
    boolean countDownload(long linkId, Instant now) {
        return jdbc.sql("update release_download_link set downloads = downloads + 1 where id = ? and revoked_at is null"
                + " and expires_at > ? and downloads < max_downloads").params(linkId, utc(now)).update() == 1;
    }

    boolean revokeLink(long linkId, Instant now) {
        return jdbc.sql("update release_download_link set revoked_at = ? where id = ? and revoked_at is null")
                .params(utc(now), linkId).update() == 1;
    }

    private static ReleaseLink link(ResultSet rs, int n) throws SQLException {
        return new ReleaseLink(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getInt(4), rs.getInt(5),
                instant(rs, 6), rs.getObject(7) == null ? null : instant(rs, 7));
    }

    // ------------------------------------------------------------------ deliveries

    long insertDelivery(long requestId, long packageId, String method, LocalDate on, String note, Instant now,
                        Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into release_delivery (request_id, package_id, method, delivered_on, note, recorded_at,"
                        + " recorded_by) values (?, ?, ?, ?, ?, ?, ?)")
                .params(requestId, packageId, method, on, note, utc(now), userId).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * Takes the request's fulfillment row lock (bumping its version) so that two deliveries of one request, a
     * recipient's concurrent first downloads or a download and a hand-recorded delivery, are decided one after the
     * other.
     */
    void lock(long requestId, Instant now) {
        jdbc.sql("update release_fulfillment set version = version + 1, updated_at = ? where request_id = ?")
                .params(utc(now), requestId).update();
    }

    List<Delivery> deliveries(long requestId) {
        return jdbc.sql("select id, request_id, package_id, method, delivered_on, note, recorded_at from release_delivery"
                        + " where request_id = ? order by id").param(requestId)
                .query((rs, n) -> new Delivery(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), instant(rs, 7))).list();
    }

    // ------------------------------------------------------------------ fees and invoices

    List<FeeSchedule> schedules() {
        return jdbc.sql("select code, name, kind, flat_amount, first_pages, first_page_rate, page_rate,"
                        + " supplies_per_page, search_fee, postage, active, version from fee_schedule order by code")
                .query((rs, n) -> new FeeSchedule(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBigDecimal(4), rs.getInt(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBoolean(11),
                        rs.getInt(12))).list();
    }

    /** Changes a schedule if it is still at {@code version}; false when someone changed it first. */
    boolean updateSchedule(FeeSchedule s, int version) {
        return jdbc.sql("update fee_schedule set name = ?, kind = ?, flat_amount = ?, first_pages = ?, first_page_rate = ?,"
                        + " page_rate = ?, supplies_per_page = ?, search_fee = ?, postage = ?, active = ?,"
                        + " version = version + 1 where code = ? and version = ?")
                .params(s.name(), s.kind(), s.flatAmount(), s.firstPages(), s.firstPageRate(), s.pageRate(),
                        s.suppliesPerPage(), s.searchFee(), s.postage(), s.active(), s.code(), version).update() == 1;
    }

    Optional<Invoice> invoice(long requestId) {
        return jdbc.sql("select " + INVOICE_COLUMNS + " from invoice where request_id = ?").param(requestId)
                .query(FulfillmentRepository::invoice).optional();
    }

    void upsertInvoice(String invoiceNo, long requestId, long packageId, String schedule, int pages, List<FeeLine> lines,
                       BigDecimal total, Instant now) {
        String text = lines(lines);
        int n = jdbc.sql("update invoice set package_id = ?, schedule_code = ?, pages = ?, lines = ?, total = ?,"
                        + " updated_at = ?, version = version + 1 where request_id = ? and status = 'unpaid'")
                .params(packageId, schedule, pages, text, total, utc(now), requestId).update();
        if (n == 1) return;
        if (invoice(requestId).isPresent()) {
            jdbc.sql("update invoice set package_id = ? where request_id = ?").params(packageId, requestId).update();
            return;
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into invoice (invoice_no, request_id, package_id, schedule_code, pages, lines, total, status,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'unpaid', ?, ?)")
                .params(invoiceNo, requestId, packageId, schedule, pages, text, total, utc(now), utc(now))
                .update(keys, "id");
    }

    boolean settleInvoice(long requestId, int version, String status, String note, LocalDate paidOn, Instant now) {
        return jdbc.sql("update invoice set status = ?, status_note = ?, paid_on = ?, updated_at = ?,"
                        + " version = version + 1 where request_id = ? and version = ?")
                .params(status, note, paidOn, utc(now), requestId, version).update() == 1;
    }

    private static String lines(List<FeeLine> lines) {
        StringBuilder b = new StringBuilder();
        for (FeeLine l : lines) b.append(l.label().replace('|', '/').replace('\n', ' ')).append('|')
                .append(l.amount().toPlainString()).append('\n');
        return b.toString();
    }

    private static Invoice invoice(ResultSet rs, int n) throws SQLException {
        List<FeeLine> lines = new ArrayList<>();
        for (String line : rs.getString(7).split("\n")) {
            if (line.isBlank()) continue;
            int bar = line.lastIndexOf('|');
            lines.add(new FeeLine(line.substring(0, bar), new BigDecimal(line.substring(bar + 1))));
        }
        return new Invoice(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getInt(6),
                List.copyOf(lines), rs.getBigDecimal(8), rs.getString(9), rs.getString(10),
                rs.getObject(11, LocalDate.class), instant(rs, 12), rs.getInt(13));
    }

    // ------------------------------------------------------------------ helpers

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
