package org.chartkeeper.workqueue;

import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/** Which items of a queue to list. ACTIVE (open or in progress) is the default. */
public enum ItemFilter {
    ACTIVE("active", "Open and in progress"),
    UNASSIGNED("unassigned", "Unassigned (in the pool)"),
    MINE("mine", "Assigned to me"),
    IN_PROGRESS("in-progress", "In progress"),
    DONE("done", "Done"),
    CANCELLED("cancelled", "Cancelled"),
    ALL("all", "All");

    private final String code;
    private final String label;

    ItemFilter(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** Parses a status parameter; null or blank means ACTIVE; "open" is accepted for ACTIVE. */
    public static ItemFilter parse(String value) {
        if (value == null || value.isBlank()) return ACTIVE;
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (v.equals("open")) return ACTIVE;
        for (ItemFilter f : values()) {
            if (f.code.equals(v)) return f;
        }
        throw new InvalidRequestException("status", "Unknown status filter '" + value
                + "'; use one of active (open), unassigned, mine, in-progress, done, cancelled, all");
    }
}
