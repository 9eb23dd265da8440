package org.chartkeeper.patient;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;

/**
 * Column values as exact text and back, by JDBC type, so that a snapshot row can be written again bit for bit on
 * PostgreSQL and H2 (timestamps keep their fraction and offset, doubles their every digit, bytes go as base64).
 */
final class SqlValues {

    private SqlValues() {}

    static String read(ResultSet rs, int i, MergeSnapshot.Column c) throws SQLException {
        Object v = switch (kind(c)) {
            case LONG -> rs.getObject(i, Long.class);
            case INT -> rs.getObject(i, Integer.class);
            case DECIMAL -> rs.getBigDecimal(i);
            case DOUBLE -> rs.getObject(i, Double.class);
            case FLOAT -> rs.getObject(i, Float.class);
            case BOOLEAN -> rs.getObject(i, Boolean.class);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(i, OffsetDateTime.class);
            case BYTES -> {
                byte[] b = rs.getBytes(i);
                yield b == null ? null : Base64.getEncoder().encodeToString(b);
            }
            case TEXT -> rs.getString(i);
        };
        if (v instanceof BigDecimal d) return d.toString();
        return v == null ? null : v.toString();
    }

    /** The value to bind for a column, from its text. */
    static Object bind(String text, MergeSnapshot.Column c) {
        if (text == null) return null;
        return switch (kind(c)) {
            case LONG -> Long.valueOf(text);
            case INT -> Integer.valueOf(text);
            case DECIMAL -> new BigDecimal(text);
            case DOUBLE -> Double.valueOf(text);
            case FLOAT -> Float.valueOf(text);
            case BOOLEAN -> Boolean.valueOf(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMP_TZ -> OffsetDateTime.parse(text);
            case BYTES -> Base64.getDecoder().decode(text);
            case TEXT -> text;
        };
    }

    private enum Kind { LONG, INT, DECIMAL, DOUBLE, FLOAT, BOOLEAN, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, BYTES, TEXT }

    private static Kind kind(MergeSnapshot.Column c) {
        String name = c.typeName() == null ? "" : c.typeName().toLowerCase(Locale.ROOT);
        return switch (c.sqlType()) {
            case Types.BIGINT -> Kind.LONG;
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.INT;
            case Types.NUMERIC, Types.DECIMAL -> Kind.DECIMAL;
            case Types.DOUBLE, Types.FLOAT -> Kind.DOUBLE;
            case Types.REAL -> Kind.FLOAT;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.DATE -> Kind.DATE;
            case Types.TIME -> Kind.TIME;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_TZ;
            // PostgreSQL reports timestamptz as TIMESTAMP with the type name "timestamptz"
            case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            default -> Kind.TEXT;
        };
    }
}
