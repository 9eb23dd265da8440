package org.chartkeeper.patient;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;

/** USCDI ethnicity: the OMB categories (CDC Race and Ethnicity code set) and the two null flavours. */
public enum Ethnicity {
    HISPANIC_OR_LATINO("2135-2", "Hispanic or Latino"),
    NOT_HISPANIC_OR_LATINO("2186-5", "Not Hispanic or Latino"),
    DECLINED("ASKU", "Asked but declined"),
    UNKNOWN("UNK", "Unknown");

    private final String code;
    private final String display;

    Ethnicity(String code, String display) {
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

    /** The category for a code; blank gives null. */
    public static Ethnicity ofCode(String code) {
        if (code == null || code.isBlank()) return null;
        for (Ethnicity e : values()) if (e.code.equalsIgnoreCase(code.strip())) return e;
        throw new InvalidRequestException("ethnicity", "Unknown ethnicity code '" + code.strip() + "'; use one of "
                + Arrays.stream(values()).map(Ethnicity::code).collect(Collectors.joining(", ")));
    }

    public static String describe(String code) {
        if (code == null || code.isBlank()) return null;
        try {
            return ofCode(code).display();
        } catch (InvalidRequestException e) {
            return code;
        }
    }
}
