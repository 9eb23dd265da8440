package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
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

    /** An unmodifiable copy in declaration order (most restrictive first); null is empty. */
    static Set<SensitiveCategory> copy(Collection<SensitiveCategory> categories) {
        if (categories == null || categories.isEmpty()) return Set.of();
        return Collections.unmodifiableSet(EnumSet.copyOf(categories));
    }

    /** The stored form of a set of categories: their codes, comma-separated (null when empty). */
    static String codes(Set<SensitiveCategory> categories) {
        if (categories == null || categories.isEmpty()) return null;
        return categories.stream().map(SensitiveCategory::code).collect(Collectors.joining(","));
    }

    /** A set of categories from its stored form (null or blank: empty). */
    static Set<SensitiveCategory> ofCodes(String codes) {
        if (codes == null || codes.isBlank()) return Set.of();
        return copy(Arrays.stream(codes.split(",")).filter(c -> !c.isBlank()).map(c -> parse("category", c)).toList());
    }

    static String labels(Set<SensitiveCategory> categories) {
        return categories.stream().map(SensitiveCategory::label).collect(Collectors.joining(", "));
    }
}
