package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;

/**
 * The fee rule of 45 CFR 164.528(c)(2): the first accounting in any 12-month period is free; a later one within the
 * 12 months may be charged a reasonable, cost-based fee, of which the patient is told in advance (and may then
 * withdraw or narrow the request).
 */
public final class AccountingRequestFee {

    private AccountingRequestFee() {}

    /**
     * The fee for a request received on {@code receivedOn}, given the receipt dates of the patient's earlier
     * (not withdrawn) accounting requests: zero unless one of them falls in the 12 months before.
     */
    public static BigDecimal fee(LocalDate receivedOn, Collection<LocalDate> earlierRequests, BigDecimal configured) {
        LocalDate windowStart = receivedOn.minusMonths(12);
        boolean anotherWithinYear = earlierRequests.stream()
                .anyMatch(d -> d.isAfter(windowStart) && !d.isAfter(receivedOn));
        return anotherWithinYear ? configured : BigDecimal.ZERO.setScale(2);
    }
}
