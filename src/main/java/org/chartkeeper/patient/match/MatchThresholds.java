package org.chartkeeper.patient.match;

import org.chartkeeper.patient.MatchGrade;

/**
 * The two thresholds on the match probability: at or above {@code match} a pair is the same person (certain); from
 * {@code review} up it goes to a person for review (probable in the upper half of the band, else possible); below
 * {@code review} it is not a match (certainly-not).
 */
public record MatchThresholds(double match, double review) {

    public static final MatchThresholds DEFAULT = new MatchThresholds(0.95, 0.50);

    public MatchThresholds {
        if (!(review > 0 && review <= match && match <= 1)) {
            throw new IllegalArgumentException("Thresholds need 0 < review <= match <= 1, got review " + review
                    + " and match " + match);
        }
    }

    public MatchGrade grade(double probability) {
        if (probability >= match) return MatchGrade.CERTAIN;
        if (probability >= (match + review) / 2) return MatchGrade.PROBABLE;
        if (probability >= review) return MatchGrade.POSSIBLE;
        return MatchGrade.CERTAINLY_NOT;
    }
}
