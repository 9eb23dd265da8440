package org.chartkeeper.patient.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Estimates the model's weights from data, as Splink does: u from random pairs (almost all non-matches), m and the
 * prior by expectation-maximisation over the blocked candidate pairs, with u held fixed. No labels needed; with
 * labels, {@link #fromLabelled} counts m and u directly.
 */
public final class ModelEstimator {

    private static final double SMOOTH = 1e-4;

    private ModelEstimator() {}

    /** u: level frequencies among {@code samples} random pairs. */
    public static double[][] estimateU(List<MatchRecord> records, int samples, long seed, MatchModel model) {
        FieldComparator comparator = new FieldComparator();
        double[][] counts = zeros(model);
        Random random = new Random(seed);
        int n = records.size();
        for (int s = 0; s < samples; s++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n);
            if (i == j) continue;
            add(counts, comparator.compare(records.get(i), records.get(j), TermFrequencies.NONE, model).levels(), 1);
        }
        return normalise(counts, model.u());
    }

    /**
     * m by EM in two training sessions, as Splink trains: pairs with the same birth date estimate the names' and
     * the other fields' m; pairs with the same phonetic names estimate the birth date's and the other fields'. A
     * session never estimates the fields its pairs were chosen by (there they agree by construction), and leaves them
     * out of its E-step. Fields estimated in both sessions average them. u and the prior stay as given.
     */
    public static MatchModel estimateM(List<MatchRecord> records, MatchModel start, int iterations) {
        java.util.Set<MatchField> byDate = java.util.EnumSet.of(MatchField.BIRTH_DATE);
        java.util.Set<MatchField> byName = java.util.EnumSet.of(MatchField.GIVEN_NAME, MatchField.FAMILY_NAME);
        double[][] a = em(compare(records, pairsSharing(records, "d:"), start), start, iterations, byDate);
        double[][] b = em(compare(records, pairsSharing(records, "n:"), start), start, iterations, byName);
        double[][] m = new double[a.length][];
        for (MatchField f : MatchField.values()) {
            int i = f.ordinal();
            if (byDate.contains(f)) m[i] = b[i];
            else if (byName.contains(f)) m[i] = a[i];
            else {
                m[i] = new double[a[i].length];
                for (int l = 0; l < m[i].length; l++) m[i][l] = (a[i][l] + b[i][l]) / 2;
            }
        }
        return start.withM(m);
    }

    /** One EM session over the pairs' comparisons, the excluded fields left out; u fixed. Returns m. */
    static double[][] em(List<Comparison> pairs, MatchModel start, int iterations, java.util.Set<MatchField> excluded) {
        MatchModel model = start;
        double lambda = 0.1;
        for (int it = 0; it < iterations && !pairs.isEmpty(); it++) {
            double[][] mCounts = zeros(model);
            double total = 0;
            for (Comparison c : pairs) {
                double bits = Math.log(lambda / (1 - lambda)) / Math.log(2);
                for (MatchField f : MatchField.values()) {
                    if (!excluded.contains(f)) bits += model.weight(f, c.levels()[f.ordinal()], -1);
                }
                double p = 1 / (1 + Math.pow(2, -bits));
                add(mCounts, c.levels(), p);
                total += p;
            }
            lambda = Math.min(0.999, Math.max(1e-6, total / pairs.size()));
            double[][] m = normalise(mCounts, model.m());
            keepRare(m, mCounts, start.m());
            for (MatchField f : excluded) m[f.ordinal()] = start.m()[f.ordinal()];
            model = model.withM(m);
        }
        return model.m();
    }

    /** Fewer expected matches than this at a level: the data cannot say; the level keeps its starting m. */
    static final double MIN_EVIDENCE = 20;

    /** Levels the data barely shows (a transposed date, a nickname) keep their starting m; the rest rescale. */
    private static void keepRare(double[][] m, double[][] counts, double[][] start) {
        for (int f = 0; f < m.length; f++) {
            double kept = 0;
            double rest = 0;
            boolean any = false;
            for (int l = 0; l < m[f].length; l++) {
                if (counts[f][l] < MIN_EVIDENCE) {
                    kept += start[f][l];
                    any = true;
                } else {
                    rest += m[f][l];
                }
            }
            if (!any || rest <= 0 || kept >= 1) continue;
            for (int l = 0; l < m[f].length; l++) {
                m[f][l] = counts[f][l] < MIN_EVIDENCE ? start[f][l] : m[f][l] * (1 - kept) / rest;
            }
        }
    }

    /** Index pairs of records sharing a blocking key that starts with {@code prefix}. */
    static List<long[]> pairsSharing(List<MatchRecord> records, String prefix) {
        java.util.Map<String, List<Integer>> blocks = new java.util.HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            for (String k : BlockingKeys.of(records.get(i))) {
                if (k.startsWith(prefix)) blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        List<long[]> pairs = new ArrayList<>();
        for (List<Integer> block : blocks.values()) {
            if (block.size() > 2000) continue;
            for (int x = 0; x < block.size(); x++) {
                for (int y = x + 1; y < block.size(); y++) pairs.add(new long[] {block.get(x), block.get(y)});
            }
        }
        return pairs;
    }

    /** m and u counted from pairs whose truth is known. */
    public static MatchModel fromLabelled(List<Comparison> matches, List<Comparison> nonMatches, MatchModel start) {
        double[][] m = zeros(start);
        double[][] u = zeros(start);
        for (Comparison c : matches) add(m, c.levels(), 1);
        for (Comparison c : nonMatches) add(u, c.levels(), 1);
        return start.withM(normalise(m, start.m())).withU(normalise(u, start.u()));
    }

    /** Comparisons of the given pairs of indexes. */
    public static List<Comparison> compare(List<MatchRecord> records, List<long[]> pairs, MatchModel model) {
        FieldComparator comparator = new FieldComparator();
        List<Comparison> out = new ArrayList<>(pairs.size());
        for (long[] p : pairs) {
            out.add(comparator.compare(records.get((int) p[0]), records.get((int) p[1]), TermFrequencies.NONE, model));
        }
        return out;
    }

    private static double[][] zeros(MatchModel model) {
        double[][] z = new double[model.m().length][];
        for (int f = 0; f < z.length; f++) z[f] = new double[model.m()[f].length];
        return z;
    }

    private static void add(double[][] counts, int[] levels, double w) {
        for (int f = 0; f < levels.length; f++) {
            if (levels[f] >= 0) counts[f][levels[f]] += w;
        }
    }

    /** Counts to probabilities, lightly smoothed; a field never observed keeps its old values. */
    private static double[][] normalise(double[][] counts, double[][] fallback) {
        double[][] out = new double[counts.length][];
        for (int f = 0; f < counts.length; f++) {
            double sum = 0;
            for (double c : counts[f]) sum += c;
            if (sum < 1) {
                out[f] = fallback[f].clone();
                continue;
            }
            out[f] = new double[counts[f].length];
            for (int l = 0; l < counts[f].length; l++) {
                out[f][l] = (counts[f][l] + SMOOTH * sum) / (sum * (1 + SMOOTH * counts[f].length));
            }
        }
        return out;
    }
}
