package org.chartkeeper.coding;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CodeSetRepository {

    private static final int ROWS_PER_STATEMENT = 500;
    private static final String VERSION_COLUMNS = "id, code_system, label, code_year, effective_from, effective_to,"
            + " source_name, source_sha256, demo, billable_count, header_count, imported_at, imported_by";

    private final JdbcClient jdbc;

    CodeSetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<CodeSetVersion> versions() {
        return jdbc.sql("select " + VERSION_COLUMNS + " from code_set_version order by code_system, effective_from desc, id desc")
                .query(CodeSetRepository::version).list();
    }

    Optional<CodeSetVersion> version(long id) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from code_set_version where id = ?").param(id)
                .query(CodeSetRepository::version).optional();
    }

    Optional<CodeSetVersion> bySha(String sha) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from code_set_version where source_sha256 = ?").param(sha)
                .query(CodeSetRepository::version).optional();
    }

    Optional<CodeSetVersion> imported(CodeSystem system, int year) {
        return jdbc.sql("select " + VERSION_COLUMNS + " from code_set_version where code_system = ? and code_year = ?"
                        + " and not demo order by id limit 1")
                .params(system.name(), year).query(CodeSetRepository::version).optional();
    }

    boolean hasDemo() {
        return jdbc.sql("select count(*) from code_set_version where demo").query(Long.class).single() > 0;
    }

    long insertVersion(CodeSystem system, String label, int year, String sourceName, String sha, boolean demo,
                       int billable, int headers, Instant at, String by) {
        jdbc.sql("insert into code_set_version (code_system, label, code_year, effective_from, effective_to, source_name,"
                        + " source_sha256, demo, billable_count, header_count, imported_at, imported_by)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(system.name(), label, year, system.effectiveFrom(year), system.effectiveTo(year), sourceName,
                        sha, demo, billable, headers, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), by)
                .update();
        return jdbc.sql("select id from code_set_version where source_sha256 = ?").param(sha).query(Long.class).single();
    }

    /** Multi-row inserts, {@value #ROWS_PER_STATEMENT} codes a statement: one round trip per few hundred codes. */
    void insertEntries(long versionId, List<CodeEntry> entries) {
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<CodeEntry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(
                    "insert into code_set_entry (version_id, code, billable, short_title, title, terminated_on) values ");
            List<Object> params = new ArrayList<>(chunk.size() * 6);
            for (int i = 0; i < chunk.size(); i++) {
                if (i > 0) sql.append(',');
                sql.append("(?,?,?,?,?,?)");
                CodeEntry e = chunk.get(i);
                params.add(versionId);
                params.add(e.code());
                params.add(e.billable());
                params.add(e.shortTitle());
                params.add(e.title());
                params.add(e.terminatedOn());
            }
            jdbc.sql(sql.toString()).params(params).update();
        }
    }

    List<CodeEntry> entries(long versionId) {
        return jdbc.sql("select code, billable, short_title, title, terminated_on from code_set_entry where version_id = ?")
                .param(versionId).query(CodeSetRepository::entry).list();
    }

    /** Billable in {@code in} and not billable (absent, or a header) in {@code notIn}. */
    List<CodeEntry> billableOnlyIn(long in, long notIn, int limit) {
        return jdbc.sql("select b.code, b.billable, b.short_title, b.title, b.terminated_on from code_set_entry b"
                        + " where b.version_id = ? and b.billable and not exists (select 1 from code_set_entry a"
                        + " where a.version_id = ? and a.code = b.code and a.billable) order by b.code limit ?")
                .params(in, notIn, limit).query(CodeSetRepository::entry).list();
    }

    long countBillableOnlyIn(long in, long notIn) {
        return jdbc.sql("select count(*) from code_set_entry b where b.version_id = ? and b.billable and not exists"
                        + " (select 1 from code_set_entry a where a.version_id = ? and a.code = b.code and a.billable)")
                .params(in, notIn).query(Long.class).single();
    }

    /** Billable in both with a different long title: code, title before, title after. */
    List<String[]> revisedTitles(long from, long to, int limit) {
        return jdbc.sql("select b.code, a.title, b.title from code_set_entry b join code_set_entry a on a.version_id = ?"
                        + " and a.code = b.code where b.version_id = ? and a.billable and b.billable and a.title <> b.title"
                        + " order by b.code limit ?")
                .params(from, to, limit).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list();
    }

    long countRevisedTitles(long from, long to) {
        return jdbc.sql("select count(*) from code_set_entry b join code_set_entry a on a.version_id = ? and a.code = b.code"
                        + " where b.version_id = ? and a.billable and b.billable and a.title <> b.title")
                .params(from, to).query(Long.class).single();
    }

    private static CodeSetVersion version(ResultSet rs, int n) throws SQLException {
        OffsetDateTime at = rs.getObject(12, OffsetDateTime.class);
        return new CodeSetVersion(rs.getLong(1), CodeSystem.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8),
                rs.getBoolean(9), rs.getInt(10), rs.getInt(11), at.toInstant(), rs.getString(13));
    }

    private static CodeEntry entry(ResultSet rs, int n) throws SQLException {
        return new CodeEntry(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDate.class));
    }
}
