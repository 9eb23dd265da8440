package org.chartkeeper.patient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;

/**
 * USCDI race: the OMB minimum categories (CDC Race and Ethnicity code set, as US Core uses them) and the two null
 * flavours "asked but declined" and "unknown". A patient may have several; they are stored as comma-separated codes.
 */
public enum Race {
    AMERICAN_INDIAN_OR_ALASKA_NATIVE("1002-5", "American Indian or Alaska Native"),
    ASIAN("2028-9", "Asian"),
    BLACK_OR_AFRICAN_AMERICAN("2054-5", "Black or African American"),
    NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER("2076-8", "Native Hawaiian or Other Pacific Islander"),
    WHITE("2106-3", "White"),
    OTHER("2131-1", "Other Race"),
    DECLINED("ASKU", "Asked but declined"),
    UNKNOWN("UNK", "Unknown");

    public static final String OMB_SYSTEM = "urn:oid:2.16.840.1.113883.6.238";
    public static final String NULL_FLAVOR_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

    private final String code;
    private final String display;

    Race(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public boolean nullFlavor() {
        return this == DECLINED || this == UNKNOWN;
    }

    public static Race ofCode(String code) {
        for (Race r : values()) if (r.code.equalsIgnoreCase(code.strip())) return r;
        throw new InvalidRequestException("race", "Unknown race code '" + code.strip() + "'; use an OMB category code ("
                + Arrays.stream(values()).map(Race::code).collect(Collectors.joining(", ")) + ")");
    }

    /** Parses stored or submitted comma-separated codes (blank gives an empty list). */
    public static List<Race> parse(String codes) {
        List<Race> out = new ArrayList<>();
        if (codes == null || codes.isBlank()) return out;
        for (String c : codes.split(",")) {
            if (c.isBlank()) continue;
            Race r = ofCode(c);
            if (!out.contains(r)) out.add(r);
        }
        return out;
    }

    public static String join(List<Race> races) {
        return races == null || races.isEmpty() ? null
                : races.stream().map(Race::code).collect(Collectors.joining(","));
    }

    /** Display names of stored codes; an unreadable stored value is shown as it is. */
    public static String describe(String codes) {
        if (codes == null || codes.isBlank()) return null;
        try {
            return parse(codes).stream().map(Race::display).collect(Collectors.joining(", "));
        } catch (InvalidRequestException e) {
            return codes.toLowerCase(Locale.ROOT);
        }
    }
}
