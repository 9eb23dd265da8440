package org.chartkeeper.patient.match;

import java.util.List;

/**
 * The fields the matcher compares, each with its comparison levels from the strongest agreement to disagreement.
 * A field missing on either side takes no level and adds no weight.
 */
public enum MatchField {
    GIVEN_NAME("first name", false, "exact", "nickname", "typo", "sounds alike", "similar", "initial", "different"),
    FAMILY_NAME("last name", false, "exact", "part of a compound name", "typo", "sounds alike", "similar", "different"),
    MIDDLE_NAME("middle name", false, "agree", "different"),
    BIRTH_DATE("birth date", false, "exact", "day and month transposed", "year, month or day differs", "close",
            "different"),
    SEX("sex", false, "same", "different"),
    ADDRESS("street address", true, "same", "similar", "different"),
    POSTAL_CODE("ZIP code", true, "same", "different"),
    CITY("city", true, "exact", "similar", "different"),
    PHONE("phone", true, "same", "one digit off", "different"),
    EMAIL("e-mail", false, "same", "same mailbox, other domain", "similar", "different"),
    SSN("SSN", false, "same", "one digit off or transposed", "same last four digits", "different"),
    IDENTIFIER("identifier", false, "shared", "conflicting");

    private final String label;
    private final boolean household;
    private final List<String> levels;

    MatchField(String label, boolean household, String... levels) {
        this.label = label;
        this.household = household;
        this.levels = List.of(levels);
    }

    public String label() {
        return label;
    }

    /** Shared by everyone living together: their agreement together counts only up to a cap. */
    public boolean household() {
        return household;
    }

    public List<String> levels() {
        return levels;
    }

    /** The last level: the values disagree. */
    public int disagree() {
        return levels.size() - 1;
    }

    public static final int MISSING = -1;
}
