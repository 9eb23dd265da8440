package org.chartkeeper.record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * SQL for documents, their versions and types. The lock after signature is in the SQL itself: every statement that
 * changes a document's content or metadata carries {@code status = 'draft'}, and versions are only inserted.
 */
@Repository
class DocumentRepository {

    private static final String SELECT = "select d.id, d.patient_id, d.encounter_id, d.type_code, t.name, d.kind, d.source,"
            + " d.title, d.author_provider_id, pa.name, d.service_at, d.status, d.current_version, d.signed_at, su.display_name,"
            + " d.cosign_required, d.cosigned_at, pc.name, d.parent_id, d.relation, d.error_reason, d.error_at, d.legal_hold,"
            + " t.retention_years, d.created_at, d.updated_at, v.media_type, v.file_name, v.page_count, v.size_bytes, d.version,"
            + " d.source_system, d.source_identifier"
            + " from document d join document_type t on t.code = d.type_code"
            + " left join provider pa on pa.id = d.author_provider_id"
            + " left join app_user su on su.id = d.signed_by"
            + " left join provider pc on pc.id = d.cosigner_provider_id"
            + " left join document_version v on v.document_id = d.id and v.version_no = d.current_version";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;

    DocumentRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    // ------------------------------------------------------------------ types

    List<DocumentType> types() {
        return jdbc.sql("select code, name, category, signature_required, active, retention_years, sort_order, version"
                + " from document_type order by sort_order, name").query(DocumentRepository::type).list();
    }

    Optional<DocumentType> type(String code) {
        return jdbc.sql("select code, name, category, signature_required, active, retention_years, sort_order, version"
                + " from document_type where code = ?").param(code).query(DocumentRepository::type).optional();
    }

    void insertType(DocumentType t) {
        jdbc.sql("insert into document_type (code, name, category, signature_required, active, retention_years, sort_order)"
                        + " values (?,?,?,?,?,?,?)")
                .params(t.code(), t.name(), t.category(), t.signatureRequired(), t.active(), t.retentionYears(), t.sortOrder())
                .update();
    }

    int updateType(DocumentType t, int expectedVersion) {
        return jdbc.sql("update document_type set name = ?, category = ?, signature_required = ?, active = ?,"
                        + " retention_years = ?, sort_order = ?, version = version + 1 where code = ? and version = ?")
                .params(t.name(), t.category(), t.signatureRequired(), t.active(), t.retentionYears(), t.sortOrder(),
                        t.code(), expectedVersion)
                .update();
    }

    private static DocumentType type(ResultSet rs, int n) throws SQLException {
        return new DocumentType(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getInt(6), rs.getInt(7), rs.getInt(8));
    }

    // ------------------------------------------------------------------ providers (a user signs as their provider)

    record Provider(long id, String name, boolean resident, Long userId) {}

    Optional<Provider> providerOfUser(long userId) {
        return jdbc.sql("select id, name, resident, user_id from provider where user_id = ? order by id")
                .param(userId).query(DocumentRepository::provider).list().stream().findFirst();
    }

    Optional<Provider> provider(long id) {
        return jdbc.sql("select id, name, resident, user_id from provider where id = ?").param(id)
                .query(DocumentRepository::provider).optional();
    }

    List<Provider> providers() {
        return jdbc.sql("select id, name, resident, user_id from provider order by name").query(DocumentRepository::provider)
                .list();
    }

    private static Provider provider(ResultSet rs, int n) throws SQLException {
        long user = rs.getLong(4);
        Long userId = rs.wasNull() ? null : user; // read before the other columns: wasNull() tells of the last one read
        return new Provider(rs.getLong(1), rs.getString(2), rs.getBoolean(3), userId);
    }

    // ------------------------------------------------------------------ documents

    record NewDocument(long patientId, Long encounterId, String typeCode, String kind, String source, String title,
                       Long authorProviderId, Instant serviceAt, DocumentStatus status, Long parentId, String relation) {}

    record NewVersion(String body, String fileSha256, String fileName, String mediaType, long sizeBytes,
                      Integer pageCount, String contentSha256, String searchText) {}

    long insert(NewDocument d, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into document (patient_id, encounter_id, type_code, kind, source, title, author_provider_id,"
                        + " service_at, status, current_version, parent_id, relation, created_at, created_by, updated_at)"
                        + " values (?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)")
                .params(d.patientId(), d.encounterId(), d.typeCode(), d.kind(), d.source(), d.title(),
                        d.authorProviderId(), utc(d.serviceAt()), d.status().code(), d.parentId(), d.relation(), utc(now),
                        userId, utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** A document received from another system, with the sender's identifier and its one version. */
    record NewImported(NewDocument document, String sourceSystem, String sourceIdentifier, NewVersion version) {}

    /** Inserts imported documents and their first versions in two batches. */
    void insertImported(List<NewImported> rows, Instant now, Long userId) {
        if (rows.isEmpty()) return;
        OffsetDateTime at = utc(now);
        List<Object[]> docs = new java.util.ArrayList<>(rows.size());
        for (NewImported r : rows) {
            NewDocument d = r.document();
            docs.add(new Object[] {d.patientId(), d.encounterId(), d.typeCode(), d.kind(), d.source(), d.title(),
                    d.authorProviderId(), utc(d.serviceAt()), d.status().code(), at, userId, at, r.sourceSystem(),
                    r.sourceIdentifier()});
        }
        template().batchUpdate("insert into document (patient_id, encounter_id, type_code, kind, source, title,"
                + " author_provider_id, service_at, status, current_version, created_at, created_by, updated_at,"
                + " source_system, source_identifier) values (?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)", docs);
        long patientId = rows.getFirst().document().patientId();
        java.util.Map<String, Long> ids = idsBySource(patientId, rows.stream().map(NewImported::sourceIdentifier).toList());
        List<Object[]> versions = new java.util.ArrayList<>(rows.size());
        for (NewImported r : rows) {
            NewVersion v = r.version();
            versions.add(new Object[] {ids.get(r.sourceSystem() + "|" + r.sourceIdentifier()), 1, v.body(), v.fileSha256(),
                    v.fileName(), v.mediaType(), v.sizeBytes(), v.pageCount(), v.contentSha256(), v.searchText(), at, userId});
        }
        template().batchUpdate("insert into document_version (document_id, version_no, body, file_sha256, file_name,"
                + " media_type, size_bytes, page_count, content_sha256, search_text, created_at, created_by)"
                + " values (?,?,?,?,?,?,?,?,?,?,?,?)", versions);
    }

    /** The ids of a patient's documents with these sender identifiers, keyed {@code system|value}. */
    java.util.Map<String, Long> idsBySource(long patientId, java.util.Collection<String> identifiers) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        List<String> all = identifiers.stream().distinct().toList();
        for (int i = 0; i < all.size(); i += 1000) {
            jdbc.sql("select source_system, source_identifier, id from document where patient_id = :p"
                            + " and source_identifier in (:ids)")
                    .param("p", patientId).param("ids", all.subList(i, Math.min(all.size(), i + 1000)))
                    .query((rs, n) -> out.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3))).list();
        }
        return out;
    }

    /** Documents with this sender identifier (within {@code system} when given). */
    List<Document> bySource(String system, String value, int limit) {
        return system == null || system.isBlank()
                ? jdbc.sql(SELECT + " where d.source_identifier = ? and d.destroyed_at is null order by d.id limit ?").params(value, limit)
                        .query(DocumentRepository::document).list()
                : jdbc.sql(SELECT + " where d.source_identifier = ? and d.source_system = ? and d.destroyed_at is null"
                        + " order by d.id limit ?")
                        .params(value, system, limit).query(DocumentRepository::document).list();
    }

    private org.springframework.jdbc.core.JdbcTemplate template() {
        return template;
    }

    void insertVersion(long documentId, int versionNo, NewVersion v, Instant now, Long userId) {
        jdbc.sql("insert into document_version (document_id, version_no, body, file_sha256, file_name, media_type,"
                        + " size_bytes, page_count, content_sha256, search_text, created_at, created_by)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(documentId, versionNo, v.body(), v.fileSha256(), v.fileName(), v.mediaType(), v.sizeBytes(),
                        v.pageCount(), v.contentSha256(), v.searchText(), utc(now), userId)
                .update();
    }

    /**
     * Saves a new version of a draft (its title, service time and content). Changes nothing once the document is
     * signed or otherwise locked, or when the caller's version is stale: returns the rows changed.
     */
    int updateDraft(long id, int expectedVersion, String title, Instant serviceAt, int newVersionNo, Instant now) {
        return jdbc.sql("update document set title = ?, service_at = ?, current_version = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and status = 'draft'")
                .params(title, utc(serviceAt), newVersionNo, utc(now), id, expectedVersion)
                .update();
    }

    /** The author's signature: draft to signed, once. */
    int sign(long id, int expectedVersion, long userId, boolean cosignRequired, Instant now) {
        return jdbc.sql("update document set status = 'signed', signed_at = ?, signed_by = ?, cosign_required = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ? and status = 'draft'")
                .params(utc(now), userId, cosignRequired, utc(now), id, expectedVersion)
                .update();
    }

    /** Files a draft complete without a signature (types that need none). */
    int makeFinal(long id, int expectedVersion, Instant now) {
        return jdbc.sql("update document set status = 'final', updated_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status = 'draft'")
                .params(utc(now), id, expectedVersion)
                .update();
    }

    /** The supervising physician's co-signature of a resident's signed document, once. */
    int cosign(long id, int expectedVersion, long userId, long providerId, Instant now) {
        return jdbc.sql("update document set cosigned_at = ?, cosigned_by = ?, cosigner_provider_id = ?, updated_at = ?,"
                        + " version = version + 1 where id = ? and version = ? and status in ('signed','amended')"
                        + " and cosign_required and cosigned_at is null")
                .params(utc(now), userId, providerId, utc(now), id, expectedVersion)
                .update();
    }

    /** A signed or final original that an authenticated amendment replaces: its content stays as it was. */
    int markAmended(long id, Instant now) {
        return jdbc.sql("update document set status = 'amended', updated_at = ?, version = version + 1"
                        + " where id = ? and status in ('signed','final')")
                .params(utc(now), id).update();
    }

    int enterInError(long id, int expectedVersion, String reason, long userId, Instant now) {
        return jdbc.sql("update document set status = 'entered-in-error', error_reason = ?, error_at = ?, error_by = ?,"
                        + " updated_at = ?, version = version + 1 where id = ? and version = ? and status <> 'entered-in-error'")
                .params(reason, utc(now), userId, utc(now), id, expectedVersion)
                .update();
    }

    int setLegalHold(long id, int expectedVersion, boolean hold, Instant now) {
        return jdbc.sql("update document set legal_hold = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(hold, utc(now), id, expectedVersion).update();
    }

    Optional<Document> find(long id) {
        return jdbc.sql(SELECT + " where d.id = ?").param(id).query(DocumentRepository::document).optional();
    }

    List<Document> changesOf(long id) {
        return jdbc.sql(SELECT + " where d.parent_id = ? order by d.created_at, d.id").param(id)
                .query(DocumentRepository::document).list();
    }

    /** A chart's documents, newest service time first; entered-in-error ones only when asked. */
    List<Document> chart(long patientId, ChartFilter f, boolean withErrors, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where d.patient_id = ? and d.destroyed_at is null");
        List<Object> params = new ArrayList<>(List.of(patientId));
        if (!withErrors) sql.append(" and d.status <> 'entered-in-error'");
        if (f.typeCode() != null) {
            sql.append(" and d.type_code = ?");
            params.add(f.typeCode());
        }
        if (f.from() != null) {
            sql.append(" and d.service_at >= ?");
            params.add(utc(f.from().atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            sql.append(" and d.service_at < ?");
            params.add(utc(f.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (f.text() != null) {
            // every word must occur (any case) in the current version's text or in the title
            for (String word : f.text().toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
                sql.append(" and (lower(coalesce(v.search_text, v.body)) like ? escape '\\' or lower(d.title) like ? escape '\\')");
                String like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                params.add(like);
                params.add(like);
            }
        }
        sql.append(" order by d.service_at desc, d.id desc limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(DocumentRepository::document).list();
    }

    /**
     * One page of a chart's documents matching {@code q} (every filter in the SQL, then sorted, then cut at
     * {@code offset} and {@code limit}; limit null: all of them).
     */
    List<Document> search(long patientId, DocumentQuery q, boolean withErrors, int offset, Integer limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(where(patientId, q, withErrors, params));
        sql.append(" order by ");
        for (DocumentQuery.Sort s : q.sort()) {
            sql.append(switch (s.key()) {
                case "created" -> "d.created_at";
                case "updated" -> "d.updated_at";
                default -> "d.service_at";
            }).append(s.descending() ? " desc, " : ", ");
        }
        sql.append(q.sort().isEmpty() ? "d.service_at desc, d.id desc" : "d.id");
        if (limit != null) sql.append(" limit ").append(Math.max(0, limit));
        if (offset > 0) sql.append(" offset ").append(offset);
        return jdbc.sql(sql.toString()).params(params).query(DocumentRepository::document).list();
    }

    /** How many of a chart's documents match {@code q}. */
    long count(long patientId, DocumentQuery q, boolean withErrors) {
        List<Object> params = new ArrayList<>();
        String where = where(patientId, q, withErrors, params);
        return jdbc.sql("select count(*) from document d" + where).params(params).query(Long.class).single();
    }

    private static String where(long patientId, DocumentQuery q, boolean withErrors, List<Object> params) {
        StringBuilder w = new StringBuilder(" where d.patient_id = ? and d.destroyed_at is null");
        params.add(patientId);
        if (!withErrors || Boolean.FALSE.equals(q.enteredInError())) w.append(" and d.status <> 'entered-in-error'");
        if (Boolean.TRUE.equals(q.enteredInError())) {
            w.append(withErrors ? " and d.status = 'entered-in-error'" : " and 1 = 0");
        }
        if (q.typeCode() != null) {
            w.append(" and d.type_code = ?");
            params.add(q.typeCode());
        }
        if (q.encounterId() != null) {
            w.append(" and d.encounter_id = ?");
            params.add(q.encounterId());
        }
        window(w, params, "d.created_at", q.createdFrom(), q.createdTo());
        window(w, params, "d.service_at", q.serviceFrom(), q.serviceTo());
        window(w, params, "d.updated_at", q.updatedFrom(), q.updatedTo());
        return w.toString();
    }

    private static void window(StringBuilder w, List<Object> params, String column, Instant from, Instant to) {
        if (from != null) {
            w.append(" and ").append(column).append(" >= ?");
            params.add(utc(from));
        }
        if (to != null) {
            w.append(" and ").append(column).append(" < ?");
            params.add(utc(to));
        }
    }

    /** Documents of one type served before {@code cutoff}, with or without a legal hold, oldest first. */
    List<Document> pastRetention(String typeCode, Instant cutoff, boolean held, int limit) {
        return jdbc.sql(SELECT + " where d.type_code = ? and d.service_at < ? and d.legal_hold = ? and d.destroyed_at is null"
                        + " order by d.service_at, d.id limit " + limit)
                .params(typeCode, utc(cutoff), held).query(DocumentRepository::document).list();
    }

    long countPastRetention(String typeCode, Instant cutoff, boolean held) {
        return jdbc.sql("select count(*) from document where type_code = ? and service_at < ? and legal_hold = ?"
                        + " and destroyed_at is null")
                .params(typeCode, utc(cutoff), held).query(Long.class).single();
    }

    long countForPatient(long patientId, boolean withErrors) {
        return jdbc.sql("select count(*) from document where patient_id = ? and destroyed_at is null"
                        + (withErrors ? "" : " and status <> 'entered-in-error'"))
                .param(patientId).query(Long.class).single();
    }

    // ------------------------------------------------------------------ versions and content

    record StoredVersion(long documentId, int versionNo, String body, String fileSha256, String fileName,
                         String mediaType, long sizeBytes, Integer pageCount, String contentSha256) {}

    /** Text extracted from a filed document version (scanned or uploaded PDFs), for reading and coding. */
    Optional<String> searchText(long documentId, int versionNo) {
        return jdbc.sql("select search_text from document_version where document_id = ? and version_no = ?")
                .params(documentId, versionNo).query(String.class).optional();
    }

    Optional<StoredVersion> version(long documentId, int versionNo) {
        return jdbc.sql("select document_id, version_no, body, file_sha256, file_name, media_type, size_bytes, page_count,"
                        + " content_sha256 from document_version where document_id = ? and version_no = ?")
                .params(documentId, versionNo)
                .query((rs, n) -> {
                    int pages = rs.getInt(8);
                    Integer pageCount = rs.wasNull() ? null : pages;
                    return new StoredVersion(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), pageCount, rs.getString(9));
                })
                .optional();
    }

    List<DocumentVersion> versions(long documentId) {
        return jdbc.sql("select v.document_id, v.version_no, v.file_name, v.media_type, v.size_bytes, v.page_count,"
                        + " v.content_sha256, v.created_at, u.display_name from document_version v"
                        + " left join app_user u on u.id = v.created_by where v.document_id = ? order by v.version_no")
                .param(documentId)
                .query((rs, n) -> {
                    int pages = rs.getInt(6);
                    Integer pageCount = rs.wasNull() ? null : pages;
                    return new DocumentVersion(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), pageCount, rs.getString(7), instant(rs, 8), rs.getString(9));
                })
                .list();
    }

    /** Records a failed integrity check once per version; true when this is the first time. */
    boolean firstIntegrityFailure(long documentId, int versionNo, Instant now) {
        return jdbc.sql("insert into record_integrity_failure (document_id, version_no, detected_at) select ?, ?, ?"
                        + " where not exists (select 1 from record_integrity_failure where document_id = ? and version_no = ?)")
                .params(documentId, versionNo, utc(now), documentId, versionNo).update() > 0;
    }

    // ------------------------------------------------------------------ mapping

    static Document document(ResultSet rs, int n) throws SQLException {
        long encounter = rs.getLong(3);
        Long encounterId = rs.wasNull() ? null : encounter;
        long author = rs.getLong(9);
        Long authorId = rs.wasNull() ? null : author;
        long parent = rs.getLong(19);
        Long parentId = rs.wasNull() ? null : parent;
        int pages = rs.getInt(29);
        Integer pageCount = rs.wasNull() ? null : pages;
        return new Document(rs.getLong(1), rs.getLong(2), encounterId, rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), authorId, rs.getString(10), instant(rs, 11),
                DocumentStatus.of(rs.getString(12)), rs.getInt(13), instant(rs, 14), rs.getString(15), rs.getBoolean(16),
                instant(rs, 17), rs.getString(18), parentId, rs.getString(20), rs.getString(21), instant(rs, 22),
                rs.getBoolean(23), rs.getInt(24), instant(rs, 25), instant(rs, 26), rs.getString(27), rs.getString(28),
                pageCount, rs.getLong(30), rs.getInt(31), rs.getString(32), rs.getString(33));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** The documents of these patients (changed since {@code since} if given), by patient and id. */
    List<Document> ofPatients(java.util.Collection<Long> patientIds, boolean withErrors, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        var spec = jdbc.sql(SELECT + " where d.patient_id in (:ids) and d.destroyed_at is null"
                + (withErrors ? "" : " and d.status <> 'entered-in-error'")
                + (since == null ? "" : " and d.updated_at >= :since") + " order by d.patient_id, d.id")
                .param("ids", patientIds);
        if (since != null) spec = spec.param("since", utc(since));
        return spec.query(DocumentRepository::document).list();
    }

    // ------------------------------------------------------------------ destruction under the retention schedule

    /** A document's row locked for its destruction: its legal hold and destruction as they are now. */
    record DestructionCheck(long id, boolean legalHold, Instant destroyedAt) {}

    java.util.Optional<DestructionCheck> lockForDestruction(long id) {
        return jdbc.sql("select id, legal_hold, destroyed_at from document where id = ? for update").param(id)
                .query((rs, n) -> new DestructionCheck(rs.getLong(1), rs.getBoolean(2), instant(rs, 3))).optional();
    }

    /** When the document was destroyed, if it was. */
    java.util.Optional<Instant> destroyedAt(long id) {
        return jdbc.sql("select destroyed_at from document where id = ?").param(id)
                .query((rs, n) -> java.util.Optional.ofNullable(instant(rs, 1))).optional().flatMap(o -> o);
    }

    /** The SHA-256 of every version's content (text or file), oldest first, and the files among them. */
    List<String[]> versionHashes(long documentId) {
        return jdbc.sql("select content_sha256, file_sha256 from document_version where document_id = ? order by version_no")
                .param(documentId).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    /** Marks the document destroyed and erases its text and extracted text (the versions' rows and hashes stay). */
    void destroy(long documentId, Instant at) {
        jdbc.sql("update document set destroyed_at = ?, version = version + 1 where id = ? and destroyed_at is null")
                .params(utc(at), documentId).update();
        jdbc.sql("update document_version set body = null, search_text = null where document_id = ?").param(documentId).update();
    }

    void insertCertificate(Document d, String mrn, String hashes, Instant at, long userId, String reason) {
        jdbc.sql("insert into document_destruction (document_id, patient_id, mrn, type_code, title, service_at, content_sha256,"
                        + " retention_years, destroyed_at, destroyed_by, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.patientId(), mrn, d.typeCode(), d.title(), utc(d.serviceAt()), hashes, d.retentionYears(),
                        utc(at), userId, reason).update();
    }

    String mrn(long patientId) {
        return jdbc.sql("select mrn from patient where id = ?").param(patientId).query(String.class).optional().orElse(null);
    }

    /** Whether a document not destroyed (or a scanned page waiting for indexing) still uses a stored file. */
    boolean fileInUse(String sha256) {
        return jdbc.sql("select count(*) from document_version v join document d on d.id = v.document_id"
                        + " where v.file_sha256 = ? and d.destroyed_at is null").param(sha256).query(Long.class).single() > 0
                || jdbc.sql("select count(*) from scan_page where file_sha256 = ?").param(sha256).query(Long.class).single() > 0;
    }

    /** Certificates of destruction, newest first. */
    List<RecordService.Destruction> destructions(int limit) {
        return jdbc.sql("select x.id, x.document_id, x.patient_id, x.mrn, x.type_code, t.name, x.title, x.service_at,"
                        + " x.content_sha256, x.retention_years, x.destroyed_at, u.display_name, x.reason"
                        + " from document_destruction x join document_type t on t.code = x.type_code"
                        + " join app_user u on u.id = x.destroyed_by order by x.destroyed_at desc, x.id desc limit " + limit)
                .query((rs, n) -> new RecordService.Destruction(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), rs.getString(9), rs.getInt(10),
                        instant(rs, 11), rs.getString(12), rs.getString(13)))
                .list();
    }
}
