package org.chartkeeper.patient.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision, recall and F1 of the matcher on records whose true person is known: over all pairs (or the blocked
 * ones), a pair is predicted a match when its probability reaches the threshold.
 */
public final class MatchEvaluation {

    /** One threshold's confusion counts. */
    public record Row(double threshold, long truePositives, long falsePositives, long falseNegatives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : truePositives / (double) (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? 1 : truePositives / (double) (truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public String format() {
            return String.format(Locale.ROOT, "| %.2f | %d | %d | %d | %.4f | %.4f | %.4f |", threshold, truePositives,
                    falsePositives, falseNegatives, precision(), recall(), f1());
        }
    }

    /**
     * The scored pairs (those compared: {probability, 1 if the same person else 0, index a, index b}), the number of
     * true pairs overall, and each record's true person by index.
     */
    public record Scored(List<double[]> pairs, long truePairs, long compared, String[] person) {}

    private MatchEvaluation() {}

    /**
     * Scores every pair (blocked: only those sharing a blocking key). Each entry of {@code pairs} is
     * {probability, 1 if same person else 0}.
     */
    public static Scored score(List<MatchRecord> records, Map<Long, String> truth, PatientMatcher matcher,
                               boolean blocked) {
        TermFrequencies tf = TermFrequencies.of(records);
        long truePairs = 0;
        Map<String, Integer> clusterSizes = new HashMap<>();
        for (MatchRecord r : records) clusterSizes.merge(truth.get(r.id()), 1, Integer::sum);
        for (int n : clusterSizes.values()) truePairs += (long) n * (n - 1) / 2;
        List<double[]> out = new ArrayList<>();
        if (!blocked) {
            for (int i = 0; i < records.size(); i++) {
                for (int j = i + 1; j < records.size(); j++) {
                    out.add(pair(records, i, j, truth, matcher, tf));
                }
            }
        } else {
            for (long[] p : blockedPairs(records)) {
                out.add(pair(records, (int) p[0], (int) p[1], truth, matcher, tf));
            }
        }
        String[] person = new String[records.size()];
        for (int i = 0; i < person.length; i++) person[i] = truth.get(records.get(i).id());
        return new Scored(out, truePairs, out.size(), person);
    }

    /** Largest block a broad key may make in a small population (see {@link BlockingKeys#BROAD}). */
    public static final int BROAD_BLOCK_LIMIT = 300;

    /**
     * Largest block a broad key may make among {@code n} records: 300 up to 10,000 records, shrinking to 30 from
     * 100,000 on, so that the broad keys add at most about 15 comparisons a record however large the index.
     */
    public static int broadBlockLimit(long n) {
        return (int) Math.max(30, Math.min(BROAD_BLOCK_LIMIT, 3_000_000 / Math.max(1, n)));
    }

    /** Index pairs (i < j) of records that share at least one blocking key, each once. */
    public static List<long[]> blockedPairs(List<MatchRecord> records) {
        Map<String, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            for (String k : BlockingKeys.of(records.get(i))) blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        }
        Set<Long> seen = new HashSet<>();
        List<long[]> pairs = new ArrayList<>();
        for (var e : blocks.entrySet()) {
            List<Integer> block = e.getValue();
            if (BlockingKeys.broad(e.getKey()) && block.size() > broadBlockLimit(records.size())) continue;
            for (int x = 0; x < block.size(); x++) {
                for (int y = x + 1; y < block.size(); y++) {
                    long i = block.get(x);
                    long j = block.get(y);
                    if (seen.add(i * records.size() + j)) pairs.add(new long[] {i, j});
                }
            }
        }
        return pairs;
    }

    public static List<Row> table(Scored scored, double... thresholds) {
        List<Row> rows = new ArrayList<>();
        for (double t : thresholds) {
            long tp = 0;
            long fp = 0;
            for (double[] p : scored.pairs()) {
                if (p[0] >= t) {
                    if (p[1] == 1) tp++;
                    else fp++;
                }
            }
            rows.add(new Row(t, tp, fp, scored.truePairs() - tp));
        }
        return rows;
    }

    private static double[] pair(List<MatchRecord> records, int i, int j, Map<Long, String> truth, PatientMatcher m,
                                 TermFrequencies tf) {
        MatchRecord a = records.get(i);
        MatchRecord b = records.get(j);
        return new double[] {m.probability(a, b, tf), truth.get(a.id()).equals(truth.get(b.id())) ? 1 : 0, i, j};
    }

    /**
     * As {@link #table}, but over the people the pairs imply: records linked by a chain of pairs at or above the
     * threshold are one predicted person (connected components), and every pair of records within one predicted
     * person counts as predicted.
     */
    public static List<Row> clusterTable(Scored scored, double... thresholds) {
        List<Row> rows = new ArrayList<>();
        int n = scored.person().length;
        for (double t : thresholds) {
            int[] parent = new int[n];
            for (int i = 0; i < n; i++) parent[i] = i;
            for (double[] p : scored.pairs()) {
                if (p[0] >= t) union(parent, (int) p[2], (int) p[3]);
            }
            Map<Integer, Map<String, Integer>> clusters = new HashMap<>();
            for (int i = 0; i < n; i++) {
                clusters.computeIfAbsent(find(parent, i), k -> new HashMap<>()).merge(scored.person()[i], 1, Integer::sum);
            }
            long predicted = 0;
            long tp = 0;
            for (Map<String, Integer> c : clusters.values()) {
                long size = 0;
                for (int k : c.values()) {
                    size += k;
                    tp += (long) k * (k - 1) / 2;
                }
                predicted += size * (size - 1) / 2;
            }
            rows.add(new Row(t, tp, predicted - tp, scored.truePairs() - tp));
        }
        return rows;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
