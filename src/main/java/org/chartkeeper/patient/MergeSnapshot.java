package org.chartkeeper.patient;

import java.util.List;
import java.util.Map;

/**
 * What a merge changed, as it was before: for each table, the rows the merge updated (with the columns it changed) or
 * deleted, every value kept as text with its SQL type. Unmerge puts each changed column back, and inserts each deleted
 * row again, so that both patients are exactly as they were. Stored as JSON in {@code patient_merge.snapshot}.
 */
record MergeSnapshot(int format, long survivorId, long retiredId, List<TableImage> tables) {

    static final int FORMAT = 1;

    /** One table's rows before the merge. {@code key} names a row (the primary key, or every column if none). */
    record TableImage(String table, List<Column> columns, List<String> key, List<RowImage> rows) {}

    /** A column's name and JDBC type ({@link java.sql.Types}), with the database's type name. */
    record Column(String name, int sqlType, String typeName) {}

    /**
     * A row as it was; {@code action} is "updated" (the {@code changed} columns were set to the values in
     * {@code after}) or "deleted". In a table without a primary key, identical rows cannot be told apart: one image
     * then stands for {@code copies} identical rows (null means one).
     */
    record RowImage(String action, List<String> changed, Map<String, String> values, Map<String, String> after,
                    Integer copies) {

        int count() {
            return copies == null ? 1 : copies;
        }


        static final String UPDATED = "updated";
        static final String DELETED = "deleted";
    }

    int rowCount() {
        return tables.stream().mapToInt(t -> t.rows().size()).sum();
    }
}
