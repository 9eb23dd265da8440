package org.chartkeeper.completion;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/**
 * Where a physician query stands: drafted by CDI, sent to the provider, escalated when unanswered past its due time,
 * answered by the provider, closed by CDI with the outcome noted (agreed, disagreed, undetermined), or withdrawn.
 */
public enum QueryStatus {
    DRAFT("Draft"), SENT("Sent"), ESCALATED("Escalated"), ANSWERED("Answered"), CLOSED("Closed"), WITHDRAWN("Withdrawn");

    public final String label;

    QueryStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Waiting for the provider's answer. */
    public boolean open() {
        return this == SENT || this == ESCALATED;
    }

    public static QueryStatus of(String field, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(v)).findFirst().orElseThrow(() ->
                new InvalidRequestException(field, "Status is one of draft, sent, escalated, answered, closed, withdrawn"));
    }
}
