package org.chartkeeper.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain: hash(n) = SHA-256(hash(n-1) || canonical(event n)). The canonical form length-prefixes every field,
 * so no choice of field values can make two different events hash alike, and writes the time as epoch microseconds
 * (the precision both PostgreSQL and H2 keep).
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {}

    public static Instant truncate(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(AuditEvent e) {
        return hash(e.prevHash(), canonical(e));
    }

    static String hash(String prevHash, String canonical) {
        MessageDigest sha = sha256();
        sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        sha.update(canonical.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    static String canonical(AuditEvent e) {
        StringBuilder sb = new StringBuilder(256);
        field(sb, Long.toString(e.seq()));
        Instant t = e.time();
        field(sb, Long.toString(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000));
        field(sb, e.userId() == null ? null : e.userId().toString());
        field(sb, e.username());
        field(sb, e.userRoles());
        field(sb, e.patientId() == null ? null : e.patientId().toString());
        field(sb, e.action());
        field(sb, e.category());
        field(sb, e.resourceType());
        field(sb, e.resourceId());
        field(sb, e.outcome());
        field(sb, e.sourceAddress());
        field(sb, e.sessionRef());
        field(sb, e.reason());
        field(sb, e.detail());
        return sb.toString();
    }

    private static void field(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("-;");
        } else {
            sb.append(value.length()).append(':').append(value).append(';');
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
