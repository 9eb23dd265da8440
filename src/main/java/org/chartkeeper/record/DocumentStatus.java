package org.chartkeeper.record;

import java.util.Locale;

/**
 * Where a document stands. Only a draft can change; every other status is locked (later changes are addenda or
 * amendments). {@code FINAL} is a document filed complete without a signature (a scanned outside record, a consent).
 */
public enum DocumentStatus {
    DRAFT("Draft"), FINAL("Final"), SIGNED("Signed"), AMENDED("Amended"), ENTERED_IN_ERROR("Entered in error");

    private final String label;

    DocumentStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The code stored and shown in the API: draft, final, signed, amended, entered-in-error. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DocumentStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean locked() {
        return this != DRAFT;
    }
}
