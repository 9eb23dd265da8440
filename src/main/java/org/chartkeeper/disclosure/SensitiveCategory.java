package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/**
 * Kinds of records that are never released on a general request without a specialist's review, and the consent
 * category each needs beyond a HIPAA authorization (null: the review alone decides).
 */
public enum SensitiveCategory {
    PSYCHOTHERAPY("Psychotherapy notes", "psychotherapy"),
    PART2("Substance use disorder records (42 CFR Part 2)", "part2"),
    HIV("HIV-related information", null),
    BEHAVIORAL_HEALTH("Behavioral health", null),
    GENETIC("Genetic information", null);

    private final String label;
    private final String consentCategory;

    SensitiveCategory(String label, String consentCategory) {
        this.label = label;
        this.consentCategory = consentCategory;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The consent category that must be on file before a release (Part 2 only; psychotherapy needs its own authorization). */
    public String consentCategory() {
        return consentCategory;
    }

    public static SensitiveCategory parse(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Give the sensitive category");
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(c -> c.name().equals(v)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(field, "Unknown sensitive category '" + value.strip()
                        + "'; one of " + Arrays.stream(values()).map(SensitiveCategory::code).toList()));
    }

    static SensitiveCategory ofCode(String code) {
        return code == null ? null : parse("category", code);
    }
}
