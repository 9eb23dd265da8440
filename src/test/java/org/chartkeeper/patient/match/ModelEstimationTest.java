package org.chartkeeper.patient.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the default model was made: u from random pairs and m by EM (no labels) on fake_1000, starting from the
 * shipped model. Prints the estimate in the form of patient/match-model.properties; the shipped file is this output
 * (with the prior chosen on the same data), so re-estimating from it changes little.
 */
class ModelEstimationTest {

    @Test
    void em_on_fake_1000_reproduces_the_shipped_weights() {
        assumeTrue(SplinkFake1000.available(), "../shared/data/splink-fake-1000 is not here: estimation skipped");
        List<MatchRecord> records = SplinkFake1000.load().records();
        MatchModel shipped = MatchModel.defaults();
        MatchModel estimated = ModelEstimator.estimateM(records,
                shipped.withU(ModelEstimator.estimateU(records, 200_000, 42, shipped)), 25);
        System.out.println(estimated.format());
        for (MatchField f : List.of(MatchField.GIVEN_NAME, MatchField.FAMILY_NAME, MatchField.BIRTH_DATE,
                MatchField.CITY, MatchField.EMAIL)) {
            for (int l = 0; l < f.levels().size(); l++) {
                assertThat(estimated.weight(f, l, -1)).as(f + " level " + f.levels().get(l))
                        .isCloseTo(shipped.weight(f, l, -1), org.assertj.core.data.Offset.offset(1.0));
            }
        }
    }
}
