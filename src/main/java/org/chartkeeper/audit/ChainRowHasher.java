package org.chartkeeper.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Checks one audit_event row (columns in {@link AuditRepository#COLUMNS} order) against its stored hash straight from
 * the PostgreSQL driver's raw text bytes, without building strings or objects per row: the verification hot path.
 * It computes exactly {@link AuditChain#hash}: SHA-256 over the previous hash (ASCII) and the canonical form (UTF-8),
 * where a field's length prefix counts UTF-16 units as {@code String.length()} does. Any value outside the plain
 * fast path (non-ASCII text, an unusual timestamp) is decoded the ordinary way. One instance per thread.
 */
final class ChainRowHasher {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int[] TEXT_COLUMNS = {7, 8, 9, 10, 11, 12, 13, 14, 15};
    /** 2000-01-01T00:00Z, PostgreSQL's binary timestamp epoch, in Unix microseconds. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final MessageDigest sha;
    private byte[] buf = new byte[1024];
    private int len;
    private final byte[] computedHex = new byte[64];

    ChainRowHasher() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row values the verifier needs besides the hash check. */
    long seq;
    byte[] prevHash;
    byte[] storedHash;

    /** Reads the current row; returns whether its stored hash matches its contents and its stored previous hash. */
    boolean readAndCheck(ResultSet rs) throws SQLException {
        len = 0;
        // numbers through the driver: after a few executions it switches the statement to binary transfer
        seq = rs.getLong(1);
        numberField(seq);
        numberField(epochMicros(rs));
        nullableNumber(rs, 3);
        field(rs.getBytes(4), rs, 4);
        field(rs.getBytes(5), rs, 5);
        nullableNumber(rs, 6);
        for (int col : TEXT_COLUMNS) {
            field(rs.getBytes(col), rs, col);
        }
        prevHash = rs.getBytes(16);
        storedHash = rs.getBytes(17);
        sha.reset();
        sha.update(prevHash);
        sha.update(buf, 0, len);
        byte[] d = sha.digest();
        for (int i = 0; i < 32; i++) {
            computedHex[2 * i] = HEX[(d[i] >> 4) & 0xf];
            computedHex[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return Arrays.equals(computedHex, storedHash);
    }

    static boolean sameHash(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    private void field(byte[] raw, ResultSet rs, int col) throws SQLException {
        if (raw == null) {
            ensure(2);
            buf[len++] = '-';
            buf[len++] = ';';
            return;
        }
        if (!ascii(raw)) {
            // the length prefix counts UTF-16 units: decode this value as AuditChain does
            String s = rs.getString(col);
            raw = s.getBytes(StandardCharsets.UTF_8);
            appendNumber(s.length());
        } else {
            appendNumber(raw.length);
        }
        ensure(raw.length + 2);
        buf[len++] = ':';
        System.arraycopy(raw, 0, buf, len, raw.length);
        len += raw.length;
        buf[len++] = ';';
    }

    /** Appends the decimal digits of a non-negative number. */
    private void appendNumber(long v) {
        ensure(20);
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) return false;
        }
        return true;
    }

    /**
     * Epoch microseconds of column 2 from PostgreSQL's text form {@code 2026-01-31 08:00:00.123456+00} (offset
     * {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}); anything else goes through the driver.
     */
    private long epochMicros(ResultSet rs) throws SQLException {
        byte[] t = rs.getBytes(2);
        if (t != null && t.length == 8) {
            // binary transfer: microseconds since 2000-01-01 UTC, big-endian
            long v = 0;
            for (byte b : t) v = (v << 8) | (b & 0xff);
            return v + PG_EPOCH_MICROS;
        }
        long fast = t == null ? Long.MIN_VALUE : parseTimestamp(t);
        if (fast != Long.MIN_VALUE) return fast;
        java.time.Instant i = rs.getObject(2, OffsetDateTime.class).toInstant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private final byte[] scratch = new byte[24];

    /** A number field, written like any other: length-prefixed Long.toString(value). */
    private void nullableNumber(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        if (rs.wasNull()) {
            ensure(2);
            buf[len++] = '-';
            buf[len++] = ';';
        } else {
            numberField(v);
        }
    }

    private void numberField(long micros) {
        int n = 0;
        boolean neg = micros < 0;
        long v = neg ? -micros : micros;
        do {
            scratch[scratch.length - 1 - n++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        if (neg) scratch[scratch.length - 1 - n++] = '-';
        appendNumber(n);
        ensure(n + 2);
        buf[len++] = ':';
        System.arraycopy(scratch, scratch.length - n, buf, len, n);
        len += n;
        buf[len++] = ';';
    }

    static long parseTimestamp(byte[] t) {
        // yyyy-mm-dd hh:mm:ss
        if (t.length < 22 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' || t[16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return Long.MIN_VALUE;
        int i = 19;
        long fraction = 0;
        if (t[i] == '.') {
            i++;
            int n = 0;
            while (i < t.length && t[i] >= '0' && t[i] <= '9') {
                if (n == 6) return Long.MIN_VALUE;
                fraction = fraction * 10 + (t[i] - '0');
                i++;
                n++;
            }
            if (n == 0) return Long.MIN_VALUE;
            for (; n < 6; n++) fraction *= 10;
        }
        if (i >= t.length || (t[i] != '+' && t[i] != '-')) return Long.MIN_VALUE;
        int sign = t[i] == '-' ? -1 : 1;
        i++;
        int offH = digits(t, i, 2);
        if (offH < 0) return Long.MIN_VALUE;
        i += 2;
        int offM = 0;
        int offS = 0;
        if (i < t.length) {
            if (t[i] != ':') return Long.MIN_VALUE;
            offM = digits(t, i + 1, 2);
            i += 3;
            if (i < t.length) {
                if (t[i] != ':') return Long.MIN_VALUE;
                offS = digits(t, i + 1, 2);
                i += 3;
            }
            if (offM < 0 || offS < 0 || i != t.length) return Long.MIN_VALUE;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
        long secs = days * 86_400L + hour * 3_600L + minute * 60L + second
                - sign * (offH * 3_600L + offM * 60L + offS);
        return secs * 1_000_000L + fraction;
    }

    private static int digits(byte[] t, int from, int count) {
        if (from + count > t.length) return -1;
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = t[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
