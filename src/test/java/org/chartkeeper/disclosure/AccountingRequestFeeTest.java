package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An accounting is free once per 12 months; a later one within the 12 months carries the configured fee. */
class AccountingRequestFeeTest {

    static final BigDecimal FEE = new BigDecimal("25.00");
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);

    @Test
    void the_first_accounting_is_free() {
        assertThat(AccountingRequestFee.fee(TODAY, List.of(), FEE)).isEqualByComparingTo("0");
    }

    @Test
    void a_second_within_12_months_is_charged() {
        assertThat(AccountingRequestFee.fee(TODAY, List.of(TODAY.minusMonths(11)), FEE)).isEqualByComparingTo("25.00");
        assertThat(AccountingRequestFee.fee(TODAY, List.of(TODAY), FEE)).isEqualByComparingTo("25.00");
    }

    @Test
    void one_exactly_12_months_before_no_longer_counts() {
        assertThat(AccountingRequestFee.fee(TODAY, List.of(TODAY.minusMonths(12)), FEE)).isEqualByComparingTo("0");
        assertThat(AccountingRequestFee.fee(TODAY, List.of(TODAY.minusMonths(12).plusDays(1)), FEE))
                .isEqualByComparingTo("25.00");
    }

    @Test
    void a_later_request_does_not_make_an_earlier_one_chargeable() {
        assertThat(AccountingRequestFee.fee(TODAY, List.of(TODAY.plusDays(3)), FEE)).isEqualByComparingTo("0");
    }
}
