package org.chartkeeper.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;

/**
 * An audit report filter as a person or client gives it (all optional). Times are UTC: ISO instants
 * ({@code 2026-01-31T08:00:00Z}) or the {@code 2026-01-31T08:00} of a datetime-local input. {@code patient} takes a
 * patient id or an MRN (the page's single field); {@code patientId} and {@code mrn} are the API's explicit fields.
 * {@code after}/{@code before} are keyset cursors (a seq), {@code offset} is used when sorted by another column.
 */
public record AuditQuery(String from, String to, String username, String patient, Long patientId, String mrn,
                         String action, String category, String outcome, String sort, String direction,
                         Integer pageSize, Long after, Long before, Long offset) {

    public static final List<Integer> PAGE_SIZES = List.of(50, 100, 200);

    /**
     * Sort names a client may give, and the column each orders by. Nothing else reaches the SQL. {@code recorded}
     * orders by time like {@code time} but pages by offset (FHIR's {@code _offset}) instead of a keyset cursor.
     */
    static final Map<String, String> SORT_COLUMNS = Map.ofEntries(
            Map.entry("seq", "e.seq"), Map.entry("time", "e.seq"), Map.entry("recorded", "e.seq"), Map.entry("user", "e.username"),
            Map.entry("roles", "e.user_roles"), Map.entry("patient", "e.patient_id"), Map.entry("action", "e.action"),
            Map.entry("category", "e.category"), Map.entry("resource", "e.resource_type"),
            Map.entry("outcome", "e.outcome"), Map.entry("source", "e.source_address"), Map.entry("reason", "e.reason"));

    public static final List<String> SORTS = List.of("time", "user", "roles", "patient", "action", "category",
            "resource", "outcome", "source", "reason");

    public static AuditQuery empty() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public AuditQuery withPatientId(Long id) {
        return new AuditQuery(from, to, username, patient, id, mrn, action, category, outcome, sort, direction, pageSize,
                after, before, offset);
    }

    /** The same filter and sort, first page. */
    public AuditQuery firstPage() {
        return new AuditQuery(from, to, username, patient, patientId, mrn, action, category, outcome, sort, direction,
                pageSize, null, null, null);
    }

    String sortKey() {
        String s = blank(sort) ? "time" : sort.trim().toLowerCase(Locale.ROOT);
        if (!SORT_COLUMNS.containsKey(s)) {
            throw new InvalidRequestException("sort", "Unknown sort column '" + sort + "'; use one of " + SORTS);
        }
        return s;
    }

    boolean keyset() {
        String s = sortKey();
        return s.equals("time") || s.equals("seq");
    }

    boolean ascending() {
        if (blank(direction)) return false;
        return switch (direction.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new InvalidRequestException("direction", "Direction must be 'asc' or 'desc'");
        };
    }

    int size() {
        if (pageSize == null) return 50;
        if (!PAGE_SIZES.contains(pageSize)) {
            throw new InvalidRequestException("pageSize", "Page size must be one of " + PAGE_SIZES);
        }
        return pageSize;
    }

    long start() {
        if (offset == null) return 0;
        if (offset < 0) throw new InvalidRequestException("offset", "Offset must not be negative");
        return offset;
    }

    Instant fromTime() {
        return time("from", from);
    }

    Instant toTime() {
        return time("to", to);
    }

    String actionName() {
        return enumName("action", action, AuditAction.values());
    }

    String categoryName() {
        return enumName("category", category, DataCategory.values());
    }

    String outcomeName() {
        return enumName("outcome", outcome, AuditOutcome.values());
    }

    /** The filter in words for the audit trail: ids and MRNs, never patient names. */
    String describe(Long resolvedPatient) {
        List<String> parts = new ArrayList<>();
        if (!blank(from)) parts.add("from " + from.trim());
        if (!blank(to)) parts.add("to " + to.trim());
        if (!blank(username)) parts.add("user " + username.trim());
        if (resolvedPatient != null) parts.add("patient " + resolvedPatient);
        if (!blank(action)) parts.add("action " + action.trim());
        if (!blank(category)) parts.add("category " + category.trim());
        if (!blank(outcome)) parts.add("outcome " + outcome.trim());
        return parts.isEmpty() ? "no filter" : String.join(", ", parts);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant time(String field, String value) {
        if (blank(value)) return null;
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(field, "'" + v + "' is not a time like 2026-01-31T08:00 (UTC)");
            }
        }
    }

    private static <E extends Enum<E>> String enumName(String field, String value, E[] values) {
        if (blank(value)) return null;
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (E e : values) {
            if (e.name().equals(v)) return v;
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (E e : values) names.add(e.name());
        throw new InvalidRequestException(field, "Unknown " + field + " '" + value + "'; use one of " + names);
    }
}
