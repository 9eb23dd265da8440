package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fee arithmetic for each kind of schedule, as the V65 migration seeds them. */
class FeeScheduleTest {

    static final FeeSchedule FLAT = new FeeSchedule("patient-electronic-flat", "flat", "flat", new BigDecimal("6.50"), 0,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true, 0);
    static final FeeSchedule COST = new FeeSchedule("patient-cost-based", "cost", "cost-based", BigDecimal.ZERO, 0,
            BigDecimal.ZERO, new BigDecimal("0.10"), new BigDecimal("0.05"), new BigDecimal("15.00"),
            new BigDecimal("1.50"), true, 0);
    static final FeeSchedule STATE = new FeeSchedule("state-third-party", "state", "per-page", BigDecimal.ZERO, 10,
            new BigDecimal("1.00"), new BigDecimal("0.50"), BigDecimal.ZERO, new BigDecimal("15.00"),
            new BigDecimal("1.50"), true, 0);
    static final FeeSchedule NONE = new FeeSchedule("no-charge", "none", "none", BigDecimal.ZERO, 0, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true, 0);

    static String total(FeeSchedule s, int pages, boolean mailed) {
        return FeeSchedule.total(s.charge(pages, mailed)).toPlainString();
    }

    @Test
    void an_electronic_copy_for_the_patient_is_a_flat_6_50_whatever_the_page_count() {
        assertThat(total(FLAT, 1, false)).isEqualTo("6.50");
        assertThat(total(FLAT, 900, false)).isEqualTo("6.50");
    }

    @Test
    void the_cost_based_patient_fee_is_labor_and_supplies_per_page_plus_postage_and_never_a_search_fee() {
        // 120 pages: 12.00 labor + 6.00 supplies, mailed + 1.50 postage
        assertThat(total(COST, 120, true)).isEqualTo("19.50");
        assertThat(total(COST, 120, false)).isEqualTo("18.00");
        List<FeeLine> lines = COST.charge(120, true);
        assertThat(lines).extracting(FeeLine::label).noneMatch(l -> l.toLowerCase().contains("search"));
    }

    @Test
    void a_state_schedule_charges_search_then_the_first_pages_at_one_rate_and_the_rest_at_another() {
        // 15.00 search + 10 x 1.00 + 25 x 0.50 = 37.50; mailed + 1.50
        assertThat(total(STATE, 35, false)).isEqualTo("37.50");
        assertThat(total(STATE, 35, true)).isEqualTo("39.00");
        // fewer pages than the first tier: 15.00 + 4 x 1.00
        assertThat(total(STATE, 4, false)).isEqualTo("19.00");
        assertThat(total(STATE, 10, false)).isEqualTo("25.00");
        assertThat(total(STATE, 11, false)).isEqualTo("25.50");
        assertThat(STATE.charge(35, false)).extracting(FeeLine::label)
                .containsExactly("Search and retrieval", "Pages 1-10 at 1.00", "Pages 11-35 at 0.50");
    }

    @Test
    void continuing_care_is_free() {
        assertThat(total(NONE, 300, true)).isEqualTo("0.00");
    }
}
