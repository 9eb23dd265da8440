package org.chartkeeper.patient.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generator's labelled duplicates, and the matcher measured on them (registration-style data, unseen). */
class SyntheticPopulationTest {

    @Test
    void the_population_has_the_requested_size_duplicates_and_is_deterministic() {
        var a = new SyntheticPopulation(11).generate(5_000, 0.10);
        var b = new SyntheticPopulation(11).generate(5_000, 0.10);
        assertThat(a).hasSize(5_000).isEqualTo(b);
        long people = a.stream().map(SyntheticPopulation.Registration::person).distinct().count();
        assertThat(5_000 - people).as("re-registrations").isBetween(350L, 650L);
    }

    @Test
    void the_matcher_on_20000_synthetic_registrations() {
        var population = new SyntheticPopulation(2024).generate(20_000, 0.10);
        List<MatchRecord> records = new ArrayList<>();
        Map<Long, String> truth = new HashMap<>();
        for (int i = 0; i < population.size(); i++) {
            records.add(MatchRecord.of(i, population.get(i).demographics()));
            truth.put((long) i, String.valueOf(population.get(i).person()));
        }
        PatientMatcher matcher = PatientMatcher.standard();
        long t0 = System.nanoTime();
        var scored = MatchEvaluation.score(records, truth, matcher, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("synthetic 20,000 registrations: %d true pairs, %d blocked pairs compared in %.1f s%n",
                scored.truePairs(), scored.compared(), seconds);
        SplinkEvaluationTest.print(MatchEvaluation.table(scored, SplinkEvaluationTest.THRESHOLDS));
        var atReview = MatchEvaluation.table(scored, matcher.thresholds().review()).getFirst();
        var atMatch = MatchEvaluation.table(scored, matcher.thresholds().match()).getFirst();
        assertThat(atReview.f1()).isGreaterThan(0.9);
        assertThat(atMatch.precision()).isGreaterThan(0.98);
    }
}
