package org.chartkeeper.patient.match;

/**
 * The comparison levels of one pair of records, one per {@link MatchField} (its ordinal), {@link MatchField#MISSING}
 * where a side lacks the field; {@code frequency} holds the term frequency of an exact name or city agreement (else
 * -1); {@code namesSwapped} when first and last name agreed crosswise.
 */
public record Comparison(int[] levels, double[] frequency, boolean namesSwapped) {

    public int level(MatchField f) {
        return levels[f.ordinal()];
    }
}
