package org.chartkeeper.completion;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/** The three compliant query formats (ACDIS/AHIMA query practice guidelines). */
public enum QueryKind {
    OPEN_ENDED("open-ended", "Open-ended"),
    MULTIPLE_CHOICE("multiple-choice", "Multiple choice"),
    YES_NO("yes-no", "Yes/no");

    public final String code;
    public final String label;

    QueryKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static QueryKind of(String field, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.code.equals(v)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(field, "Kind is 'open-ended', 'multiple-choice' or 'yes-no'"));
    }
}
