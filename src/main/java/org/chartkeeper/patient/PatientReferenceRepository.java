package org.chartkeeper.patient;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Finds every table whose rows belong to a patient, from the database's own metadata: each foreign key to
 * {@code patient(id)}, and each column named {@code patient_id} (some tables, such as work items, name a patient
 * without a foreign key). A capability that adds such a table later is covered by merges without a code change.
 * Reads those rows as exact text and writes them back.
 */
@Repository
class PatientReferenceRepository {

    /**
     * Records of what happened, never rewritten: the audit trail (append-only, hash-chained), the demographic history
     * and the merges themselves.
     */
    static final Set<String> RECORDS_OF_WHAT_HAPPENED = Set.of("audit_event", "patient_history", "patient_merge");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** A table with rows that name a patient: the naming columns and the columns that identify a row. */
    record PatientReference(String table, List<String> patientColumns, List<String> key) {}

    /** A table's rows that name one patient, each value as exact text. */
    record Rows(String table, List<MergeSnapshot.Column> columns, List<Map<String, String>> rows) {

        MergeSnapshot.Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no column " + name + " in " + table));
        }
    }

    private final JdbcTemplate jdbc;

    PatientReferenceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<PatientReference> discover() {
        return jdbc.execute((ConnectionCallback<List<PatientReference>>) this::discover);
    }

    private List<PatientReference> discover(Connection con) throws SQLException {
        DatabaseMetaData md = con.getMetaData();
        String catalog = con.getCatalog();
        String schema = con.getSchema();
        Map<String, Set<String>> columns = new TreeMap<>();
        try (ResultSet rs = md.getExportedKeys(catalog, schema, "patient")) {
            while (rs.next()) {
                if (!same(schema, rs.getString("FKTABLE_SCHEM")) || !"id".equals(lower(rs.getString("PKCOLUMN_NAME")))) continue;
                columns.computeIfAbsent(lower(rs.getString("FKTABLE_NAME")), t -> new TreeSet<>())
                        .add(lower(rs.getString("FKCOLUMN_NAME")));
            }
        }
        Set<String> tables = new TreeSet<>();
        try (ResultSet rs = md.getTables(catalog, escape(md, schema), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (same(schema, rs.getString("TABLE_SCHEM"))) tables.add(lower(rs.getString("TABLE_NAME")));
            }
        }
        try (ResultSet rs = md.getColumns(catalog, escape(md, schema), "%", "patient%id")) {
            while (rs.next()) {
                String table = lower(rs.getString("TABLE_NAME"));
                if (same(schema, rs.getString("TABLE_SCHEM")) && tables.contains(table)
                        && "patient_id".equals(lower(rs.getString("COLUMN_NAME")))) {
                    columns.computeIfAbsent(table, t -> new TreeSet<>()).add("patient_id");
                }
            }
        }
        List<PatientReference> found = new ArrayList<>();
        for (var e : columns.entrySet()) {
            String table = e.getKey();
            if (RECORDS_OF_WHAT_HAPPENED.contains(table) || !tables.contains(table)) continue;
            List<String> key = new ArrayList<>();
            Map<Integer, String> ordered = new TreeMap<>();
            try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
                while (rs.next()) {
                    if (same(schema, rs.getString("TABLE_SCHEM"))) ordered.put(rs.getInt("KEY_SEQ"), lower(rs.getString("COLUMN_NAME")));
                }
            }
            key.addAll(ordered.values());
            checkIdentifier(table);
            e.getValue().forEach(PatientReferenceRepository::checkIdentifier);
            key.forEach(PatientReferenceRepository::checkIdentifier);
            found.add(new PatientReference(table, List.copyOf(e.getValue()), List.copyOf(key)));
        }
        return found;
    }

    /** Every row of the table that names the patient in any of its patient columns, ordered by key. */
    Rows rowsNaming(PatientReference ref, long patientId) {
        String where = ref.patientColumns().stream().map(c -> q(c) + " = ?").collect(Collectors.joining(" or "));
        Object[] args = ref.patientColumns().stream().map(c -> (Object) patientId).toArray();
        return select(ref.table(), where, args);
    }

    /** Rows of a table matching a where clause (with ? parameters), each value as exact text. */
    Rows select(String table, String where, Object... args) {
        checkIdentifier(table);
        List<MergeSnapshot.Column> columns = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        jdbc.query("select * from " + q(table) + " where " + where, rs -> {
            if (columns.isEmpty()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(new MergeSnapshot.Column(lower(md.getColumnLabel(i)), md.getColumnType(i),
                            md.getColumnTypeName(i)));
                }
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) row.put(columns.get(i).name(), SqlValues.read(rs, i + 1, columns.get(i)));
            rows.add(row);
        }, args);
        if (columns.isEmpty()) columns.addAll(columnsOf(table));
        return new Rows(table, List.copyOf(columns), rows);
    }

    private List<MergeSnapshot.Column> columnsOf(String table) {
        return jdbc.query("select * from " + q(table) + " where 1 = 0", rs -> {
            List<MergeSnapshot.Column> list = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                list.add(new MergeSnapshot.Column(lower(md.getColumnLabel(i)), md.getColumnType(i), md.getColumnTypeName(i)));
            }
            return list;
        });
    }

    /** Sets columns of the one row the key names; returns the rows changed. */
    int update(MergeSnapshot.TableImage t, Map<String, String> keyRow, Map<String, Object> set) {
        if (set.isEmpty()) return 0;
        List<Object> args = new ArrayList<>();
        String assignments = set.entrySet().stream().map(e -> {
            checkIdentifier(e.getKey());
            args.add(e.getValue());
            return q(e.getKey()) + " = ?";
        }).collect(Collectors.joining(", "));
        String where = where(t, keyRow, args);
        return jdbc.update("update " + q(t.table()) + " set " + assignments + " where " + where, args.toArray());
    }

    /** Rows the key names (more than one only in a table without a primary key). */
    int count(MergeSnapshot.TableImage t, Map<String, String> keyRow) {
        List<Object> args = new ArrayList<>();
        Integer n = jdbc.queryForObject("select count(*) from " + q(t.table()) + " where " + where(t, keyRow, args),
                Integer.class, args.toArray());
        return n == null ? 0 : n;
    }

    int delete(MergeSnapshot.TableImage t, Map<String, String> keyRow) {
        List<Object> args = new ArrayList<>();
        return jdbc.update("delete from " + q(t.table()) + " where " + where(t, keyRow, args), args.toArray());
    }

    /** Inserts a row exactly as the snapshot holds it, identity columns included. */
    void insert(MergeSnapshot.TableImage t, Map<String, String> row) {
        List<String> names = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (MergeSnapshot.Column c : t.columns()) {
            if (!row.containsKey(c.name())) continue;
            names.add(q(c.name()));
            args.add(SqlValues.bind(row.get(c.name()), c));
        }
        jdbc.update("insert into " + q(t.table()) + " (" + String.join(", ", names) + ") values ("
                + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")", args.toArray());
    }

    /** Where clause naming one row: by its key, or (no primary key) by every column, nulls included. */
    private static String where(MergeSnapshot.TableImage t, Map<String, String> row, List<Object> args) {
        List<String> key = t.key().isEmpty() ? t.columns().stream().map(MergeSnapshot.Column::name).toList() : t.key();
        List<String> parts = new ArrayList<>();
        for (String k : key) {
            checkIdentifier(k);
            MergeSnapshot.Column c = t.columns().stream().filter(x -> x.name().equals(k)).findFirst().orElseThrow();
            String v = row.get(k);
            if (v == null) {
                parts.add(q(k) + " is null");
            } else {
                parts.add(q(k) + " = ?");
                args.add(SqlValues.bind(v, c));
            }
        }
        return String.join(" and ", parts);
    }

    static String q(String identifier) {
        return "\"" + identifier + "\"";
    }

    private static void checkIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalStateException("Unexpected identifier in the schema: " + name);
        }
    }

    private static String escape(DatabaseMetaData md, String pattern) throws SQLException {
        if (pattern == null) return null;
        String esc = md.getSearchStringEscape();
        return esc == null ? pattern : pattern.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    private static boolean same(String schema, String other) {
        return schema == null || other == null || schema.equalsIgnoreCase(other);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
