package org.chartkeeper.completion;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/**
 * What the provider's answer meant for the documentation: agreed (documented the queried diagnosis or specificity),
 * disagreed, or clinically undetermined. Derived from the answer where it is unambiguous; CDI notes it on closing.
 */
public enum QueryOutcome {
    AGREED("Agreed"), DISAGREED("Disagreed"), UNDETERMINED("Clinically undetermined");

    public final String label;

    QueryOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QueryOutcome of(String field, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(v)).findFirst().orElseThrow(() ->
                new InvalidRequestException(field, "Outcome is 'agreed', 'disagreed' or 'undetermined'"));
    }
}
