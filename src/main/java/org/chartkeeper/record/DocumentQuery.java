package org.chartkeeper.record;

import java.time.Instant;
import java.util.List;

/**
 * A search of one chart's documents as an interface asks it (FHIR DocumentReference): type, encounter, half-open
 * windows {@code [from, to)} on the time the document was made, its service time and its last change, and whether it
 * was entered in error (null: either). Every filter runs in the SQL before the page is cut, so a large chart loses
 * nothing. {@code sort} keys are {@code created}, {@code updated} and {@code service}; none sorts newest service first.
 */
public record DocumentQuery(String typeCode, Long encounterId, Instant createdFrom, Instant createdTo,
                            Instant serviceFrom, Instant serviceTo, Instant updatedFrom, Instant updatedTo,
                            Boolean enteredInError, List<Sort> sort) {

    public static final List<String> SORT_KEYS = List.of("created", "updated", "service");

    public DocumentQuery {
        sort = sort == null ? List.of() : List.copyOf(sort);
        for (Sort s : sort) {
            if (!SORT_KEYS.contains(s.key())) throw new IllegalArgumentException("sort key " + s.key());
        }
    }

    /** One sort key, ascending or descending. */
    public record Sort(String key, boolean descending) {}

    /** Documents of one encounter, every one. */
    public static DocumentQuery ofEncounter(long encounterId) {
        return new DocumentQuery(null, encounterId, null, null, null, null, null, null, false, List.of());
    }
}
