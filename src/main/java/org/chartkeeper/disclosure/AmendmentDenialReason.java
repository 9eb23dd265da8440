package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;

/** The only grounds on which a request to amend may be denied (45 CFR 164.526(a)(2)). */
public enum AmendmentDenialReason {
    NOT_CREATED_BY_ENTITY("not-created-by-us",
            "The information was not created by us, and its originator is available to act on your request"),
    NOT_IN_DESIGNATED_RECORD_SET("not-in-record-set",
            "The information is not part of your designated record set"),
    NOT_AVAILABLE_FOR_ACCESS("not-available-for-access",
            "The information is not available to you for inspection under 45 CFR 164.524"),
    ACCURATE_AND_COMPLETE("accurate-and-complete",
            "The information is accurate and complete");

    private final String code;
    private final String text;

    AmendmentDenialReason(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public String text() {
        return text;
    }

    public static AmendmentDenialReason parse(String field, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (AmendmentDenialReason r : values()) {
            if (r.code.equals(v) || r.name().toLowerCase(Locale.ROOT).equals(v)) return r;
        }
        throw new InvalidRequestException(field, (v.isEmpty() ? "Give the reason for the denial" : "'" + value.strip()
                + "' is not a permitted reason to deny an amendment") + "; 45 CFR 164.526(a)(2) permits only "
                + Arrays.stream(values()).map(AmendmentDenialReason::code).collect(Collectors.joining(", ")));
    }
}
