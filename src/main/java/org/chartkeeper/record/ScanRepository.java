package org.chartkeeper.record;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for scanned batches, their pages and the indexing of their documents. */
@Repository
class ScanRepository {

    private static final String BATCH = "select b.id, b.name, b.status, b.page_count, b.created_at, u.display_name,"
            + " b.filed_at, b.work_item_id,"
            + " (select count(distinct p.doc_no) from scan_page p where p.batch_id = b.id),"
            + " (select count(*) from scan_document s where s.batch_id = b.id and s.patient_id is not null"
            + " and s.type_code is not null and s.service_date is not null), b.version"
            + " from scan_batch b left join app_user u on u.id = b.created_by";

    private final JdbcClient jdbc;

    ScanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertBatch(String name, int pages, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into scan_batch (name, status, page_count, created_at, created_by) values (?, 'open', ?, ?, ?)")
                .params(name, pages, DocumentRepository.utc(now), userId).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void setWorkItem(long batchId, long itemId) {
        jdbc.sql("update scan_batch set work_item_id = ? where id = ?").params(itemId, batchId).update();
    }

    void insertPage(long batchId, int pageNo, int docNo, String sha256, String mediaType, String sourceName, String text) {
        jdbc.sql("insert into scan_page (batch_id, page_no, doc_no, file_sha256, media_type, source_name, search_text)"
                        + " values (?,?,?,?,?,?,?)")
                .params(batchId, pageNo, docNo, sha256, mediaType, sourceName, text).update();
    }

    Optional<ScanBatch> batch(long id) {
        return jdbc.sql(BATCH + " where b.id = ?").param(id).query(ScanRepository::batch).optional();
    }

    List<ScanBatch> batches(boolean open, int limit) {
        return jdbc.sql(BATCH + " where b.status = ? order by b.created_at desc, b.id desc limit " + limit)
                .param(open ? "open" : "filed").query(ScanRepository::batch).list();
    }

    record PageRow(int pageNo, int docNo, String sha256, String mediaType, String sourceName, String text) {}

    List<PageRow> pages(long batchId) {
        return jdbc.sql("select page_no, doc_no, file_sha256, media_type, source_name, search_text from scan_page"
                        + " where batch_id = ? order by page_no")
                .param(batchId)
                .query((rs, n) -> new PageRow(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
    }

    record Indexing(int docNo, Long patientId, Long encounterId, String typeCode, LocalDate serviceDate, Long documentId) {}

    List<Indexing> indexing(long batchId) {
        return jdbc.sql("select doc_no, patient_id, encounter_id, type_code, service_date, document_id from scan_document"
                        + " where batch_id = ? order by doc_no")
                .param(batchId)
                .query((rs, n) -> new Indexing(rs.getInt(1), longOrNull(rs, 2), longOrNull(rs, 3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), longOrNull(rs, 6)))
                .list();
    }

    void saveIndexing(long batchId, int docNo, Long patientId, Long encounterId, String typeCode, LocalDate serviceDate) {
        int n = jdbc.sql("update scan_document set patient_id = ?, encounter_id = ?, type_code = ?, service_date = ?"
                        + " where batch_id = ? and doc_no = ?")
                .params(patientId, encounterId, typeCode, serviceDate == null ? null : Date.valueOf(serviceDate), batchId, docNo)
                .update();
        if (n == 0) {
            jdbc.sql("insert into scan_document (batch_id, doc_no, patient_id, encounter_id, type_code, service_date)"
                            + " values (?,?,?,?,?,?)")
                    .params(batchId, docNo, patientId, encounterId, typeCode,
                            serviceDate == null ? null : Date.valueOf(serviceDate))
                    .update();
        }
    }

    void filedAs(long batchId, int docNo, long documentId) {
        jdbc.sql("update scan_document set document_id = ? where batch_id = ? and doc_no = ?")
                .params(documentId, batchId, docNo).update();
    }

    /** Pages from {@code fromPage} on that belong to {@code docNo} move to document {@code newDocNo}. */
    void moveTail(long batchId, int docNo, int fromPage, int newDocNo) {
        jdbc.sql("update scan_page set doc_no = ? where batch_id = ? and doc_no = ? and page_no >= ?")
                .params(newDocNo, batchId, docNo, fromPage).update();
    }

    /** Every page of document {@code from} joins document {@code into}; the indexing of {@code from} is dropped. */
    void mergeInto(long batchId, int from, int into) {
        jdbc.sql("update scan_page set doc_no = ? where batch_id = ? and doc_no = ?").params(into, batchId, from).update();
        jdbc.sql("delete from scan_document where batch_id = ? and doc_no = ?").params(batchId, from).update();
    }

    int touch(long batchId, int expectedVersion) {
        return jdbc.sql("update scan_batch set version = version + 1 where id = ? and version = ? and status = 'open'")
                .params(batchId, expectedVersion).update();
    }

    int markFiled(long batchId, Instant now, long userId) {
        return jdbc.sql("update scan_batch set status = 'filed', filed_at = ?, filed_by = ?, version = version + 1"
                        + " where id = ? and status = 'open'")
                .params(DocumentRepository.utc(now), userId, batchId).update();
    }

    private static ScanBatch batch(ResultSet rs, int n) throws SQLException {
        return new ScanBatch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                DocumentRepository.instant(rs, 5), rs.getString(6), DocumentRepository.instant(rs, 7), longOrNull(rs, 8),
                rs.getInt(9), rs.getInt(10), rs.getInt(11));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
