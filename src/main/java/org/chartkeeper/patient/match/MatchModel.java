package org.chartkeeper.patient.match;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * Fellegi-Sunter weights: for every field and level, m (how often true matches show that level) and u (how often
 * non-matches do); the level adds log2(m/u) bits. Exact name and city agreements use the value's own frequency as
 * u (term-frequency adjustment). {@code prior} is log2 of the prior odds that two candidate records are the same
 * person; {@code householdCap} limits what address, ZIP, city and phone together may add (families share them).
 *
 * <p>The defaults ({@code patient/match-model.properties}) were estimated with {@link ModelEstimator}; see
 * BENCHMARKS.md.
 */
public final class MatchModel {

    private final double[][] m;
    private final double[][] u;
    private final double prior;
    private final double householdCap;
    private final double swapWeight;
    private final double[][] weights;

    public MatchModel(double[][] m, double[][] u, double prior, double householdCap, double swapWeight) {
        this.m = m;
        this.u = u;
        this.prior = prior;
        this.householdCap = householdCap;
        this.swapWeight = swapWeight;
        this.weights = new double[m.length][];
        for (int f = 0; f < m.length; f++) {
            weights[f] = new double[m[f].length];
            for (int l = 0; l < m[f].length; l++) weights[f][l] = Math.log(m[f][l] / u[f][l]) / Math.log(2);
        }
    }

    public double[][] m() {
        return m;
    }

    public double[][] u() {
        return u;
    }

    public double prior() {
        return prior;
    }

    public double householdCap() {
        return householdCap;
    }

    public double swapWeight() {
        return swapWeight;
    }

    private static final double LN2 = Math.log(2);
    private static final MatchModel DEFAULT = load("/patient/match-model.properties");

    public static MatchModel defaults() {
        return DEFAULT;
    }

    /** The bits one field adds at this level (0 when missing); {@code frequency} > 0 replaces u for exact agreement. */
    public double weight(MatchField f, int level, double frequency) {
        if (level < 0) return 0;
        if (level != 0 || frequency <= 0) return weights[f.ordinal()][level];
        double mm = m[f.ordinal()][level];
        double uu = u[f.ordinal()][level];
        if (level == 0 && frequency > 0) {
            // a rare value counts for at most 2 bits more than the average agreement, a common one at most 3 less
            uu = Math.max(Math.min(frequency, uu * 8), uu / 4);
        }
        return Math.log(mm / uu) / LN2;
    }

    public MatchModel withM(double[][] newM) {
        return new MatchModel(newM, u, prior, householdCap, swapWeight);
    }

    public MatchModel withU(double[][] newU) {
        return new MatchModel(m, newU, prior, householdCap, swapWeight);
    }

    public MatchModel withPrior(double newPrior) {
        return new MatchModel(m, u, newPrior, householdCap, swapWeight);
    }

    public static MatchModel load(String resource) {
        Properties p = new Properties();
        try (InputStream in = MatchModel.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing resource " + resource);
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(p);
    }

    static MatchModel parse(Properties p) {
        MatchField[] fields = MatchField.values();
        double[][] m = new double[fields.length][];
        double[][] u = new double[fields.length][];
        for (MatchField f : fields) {
            m[f.ordinal()] = numbers(p, f.name() + ".m", f.levels().size());
            u[f.ordinal()] = numbers(p, f.name() + ".u", f.levels().size());
        }
        return new MatchModel(m, u, Double.parseDouble(p.getProperty("prior")),
                Double.parseDouble(p.getProperty("householdCap")), Double.parseDouble(p.getProperty("swapWeight")));
    }

    /** The model in the properties form {@link #load} reads. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "prior=%.3f%nhouseholdCap=%.2f%nswapWeight=%.2f%n", prior, householdCap,
                swapWeight));
        for (MatchField f : MatchField.values()) {
            b.append("# ").append(f.label()).append(": ").append(String.join(", ", f.levels())).append('\n');
            b.append(f.name()).append(".m=").append(join(m[f.ordinal()])).append('\n');
            b.append(f.name()).append(".u=").append(join(u[f.ordinal()])).append('\n');
        }
        return b.toString();
    }

    private static String join(double[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.6g", x)).toList());
    }

    private static double[] numbers(Properties p, String key, int n) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalStateException("Match model lacks " + key);
        double[] d = Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
        if (d.length != n) throw new IllegalStateException("Match model " + key + " needs " + n + " values");
        return d;
    }
}
