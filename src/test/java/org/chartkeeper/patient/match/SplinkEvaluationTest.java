package org.chartkeeper.patient.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall and F1 on Splink's fake_1000 (../shared/data/splink-fake-1000; true person = cluster), over the
 * pairs the blocking keys produce (pairs never compared count as missed). Skips with a message where ../shared is
 * absent. BENCHMARKS.md carries the tables this prints.
 */
class SplinkEvaluationTest {

    static final double[] THRESHOLDS = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    static SplinkFake1000 data;

    @BeforeAll
    static void load() {
        assumeTrue(SplinkFake1000.available(), "../shared/data/splink-fake-1000 is not here (expected beside the"
                + " project checkout): the matching evaluation is skipped");
        data = SplinkFake1000.load();
    }

    @Test
    void the_default_model_reaches_F1_095_on_fake_1000_at_the_default_thresholds() {
        PatientMatcher matcher = PatientMatcher.standard();
        var blocked = MatchEvaluation.score(data.records(), data.cluster(), matcher, true);
        System.out.printf("fake_1000, default model: %d records, %d true pairs, %d blocked pairs compared of %d%n",
                data.records().size(), blocked.truePairs(), blocked.compared(), 1000L * 999 / 2);
        System.out.println("pairwise:");
        print(MatchEvaluation.table(blocked, THRESHOLDS));
        System.out.println("people (records linked by chains of pairs at the threshold):");
        print(MatchEvaluation.clusterTable(blocked, THRESHOLDS));

        MatchThresholds t = matcher.thresholds();
        var atReview = MatchEvaluation.table(blocked, t.review()).getFirst();
        var peopleAtMatch = MatchEvaluation.clusterTable(blocked, t.match()).getFirst();
        System.out.println("at the review threshold, pairwise: " + atReview.format());
        System.out.println("at the match threshold, people:    " + peopleAtMatch.format());
        assertThat(atReview.f1()).as("pairwise F1 at the review threshold").isGreaterThanOrEqualTo(0.95);
        assertThat(peopleAtMatch.f1()).as("F1 of the people linked at the match threshold").isGreaterThanOrEqualTo(0.95);
    }

    /**
     * Unseen data: u and m estimated (no labels) on one half of the people, scored on the other half, both ways.
     */
    @Test
    void weights_estimated_on_one_half_of_the_people_hold_on_the_other_half() {
        for (int half = 0; half < 2; half++) {
            List<MatchRecord> train = new ArrayList<>();
            List<MatchRecord> test = new ArrayList<>();
            for (MatchRecord r : data.records()) {
                (Integer.parseInt(data.cluster().get(r.id())) % 2 == half ? train : test).add(r);
            }
            MatchModel start = MatchModel.defaults();
            MatchModel trained = ModelEstimator.estimateM(train,
                    start.withU(ModelEstimator.estimateU(train, 200_000, 7, start)), 25).withPrior(start.prior());
            PatientMatcher matcher = new PatientMatcher(trained, MatchThresholds.DEFAULT);
            var scored = MatchEvaluation.score(test, data.cluster(), matcher, true);
            var pair = MatchEvaluation.table(scored, MatchThresholds.DEFAULT.review()).getFirst();
            var people = MatchEvaluation.clusterTable(scored, MatchThresholds.DEFAULT.match()).getFirst();
            System.out.printf("trained on half %d (%d records), tested on the other (%d records, %d true pairs)%n",
                    half, train.size(), test.size(), scored.truePairs());
            System.out.println("  pairwise at review: " + pair.format());
            System.out.println("  people at match:    " + people.format());
            assertThat(pair.f1()).as("pairwise F1 on the unseen half").isGreaterThanOrEqualTo(0.93);
            assertThat(people.f1()).as("people F1 on the unseen half").isGreaterThanOrEqualTo(0.95);
        }
    }

    /** The 3,176 pairs a person labelled (fake_1000_labels.csv), scored by the default model. */
    @Test
    void clerically_labelled_pairs() {
        Map<Long, MatchRecord> byId = new java.util.HashMap<>();
        data.records().forEach(r -> byId.put(r.id(), r));
        List<double[]> pairs = new ArrayList<>();
        long truePairs = 0;
        PatientMatcher matcher = PatientMatcher.standard();
        TermFrequencies tf = TermFrequencies.of(data.records());
        for (long[] l : SplinkFake1000.labels()) {
            double p = matcher.probability(byId.get(l[0]), byId.get(l[1]), tf);
            pairs.add(new double[] {p, l[2], 0, 0});
            truePairs += l[2];
        }
        var scored = new MatchEvaluation.Scored(pairs, truePairs, pairs.size(), new String[0]);
        System.out.println("clerically labelled pairs (" + pairs.size() + ", " + truePairs + " matches):");
        List<MatchEvaluation.Row> rows = MatchEvaluation.table(scored, THRESHOLDS);
        print(rows);
        assertThat(MatchEvaluation.table(scored, MatchThresholds.DEFAULT.review()).getFirst().f1()).isGreaterThan(0.9);
    }

    static void print(List<MatchEvaluation.Row> rows) {
        System.out.println("| threshold | TP | FP | FN | precision | recall | F1 |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(r -> System.out.println(r.format()));
    }
}
