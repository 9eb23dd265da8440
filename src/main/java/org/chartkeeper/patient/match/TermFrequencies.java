package org.chartkeeper.patient.match;

import java.util.HashMap;
import java.util.Map;

/**
 * How common a value is in the population (0..1), for the term-frequency adjustment: two Smiths agreeing say less
 * than two Quaresmas. Returns a negative number when unknown; the model then uses its average.
 */
public interface TermFrequencies {

    double given(String standardizedGiven);

    double family(String standardizedFamily);

    double city(String standardizedCity);

    /**
     * Whether a given name is seen at most twice in the population: most likely a mistyped name rather than another
     * person's (twins and siblings carry real, repeated names). False when unknown.
     */
    default boolean rareGiven(String standardizedGiven) {
        return false;
    }

    TermFrequencies NONE = new TermFrequencies() {
        public double given(String s) { return -1; }
        public double family(String s) { return -1; }
        public double city(String s) { return -1; }
    };

    /** Frequencies counted over a set of records (a batch scan's population, an evaluation data set). */
    static TermFrequencies of(Iterable<MatchRecord> records) {
        Map<String, Integer> given = new HashMap<>();
        Map<String, Integer> family = new HashMap<>();
        Map<String, Integer> city = new HashMap<>();
        int[] counts = new int[3];
        for (MatchRecord r : records) {
            if (r.given() != null) { given.merge(r.given(), 1, Integer::sum); counts[0]++; }
            if (r.family() != null) { family.merge(r.family(), 1, Integer::sum); counts[1]++; }
            if (r.city() != null) { city.merge(r.city(), 1, Integer::sum); counts[2]++; }
        }
        return new Counted(given, family, city, counts[0], counts[1], counts[2]);
    }

    record Counted(Map<String, Integer> givenCounts, Map<String, Integer> familyCounts, Map<String, Integer> cityCounts,
                   int givenTotal, int familyTotal, int cityTotal) implements TermFrequencies {
        public double given(String s) { return f(givenCounts, givenTotal, s); }
        public boolean rareGiven(String s) { return s != null && givenTotal > 100 && givenCounts.getOrDefault(s, 0) <= 2; }
        public double family(String s) { return f(familyCounts, familyTotal, s); }
        public double city(String s) { return f(cityCounts, cityTotal, s); }

        private static double f(Map<String, Integer> counts, int total, String s) {
            if (total == 0 || s == null) return -1;
            return counts.getOrDefault(s, 1) / (double) total;
        }
    }
}
