package org.chartkeeper.patient.match;

import java.util.List;
import org.chartkeeper.patient.MatchGrade;

/**
 * The matcher's verdict on a pair: total weight in bits (prior included), the match probability 0..1 it stands for,
 * the grade under the thresholds, the comparison levels, and one line per field saying how it agreed and what it
 * weighed (then any rule that capped the score).
 */
public record MatchScore(double weight, double probability, MatchGrade grade, Comparison comparison,
                         List<String> explanation) {}
