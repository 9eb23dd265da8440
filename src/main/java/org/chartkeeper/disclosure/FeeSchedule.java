package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A fee schedule, as data. {@code kind}: {@code flat} (one amount, such as the 6.50 USD flat fee for an electronic
 * copy under the right of access), {@code cost-based} (labor and supplies per page plus postage, never a search
 * fee: 45 CFR 164.524(c)(4)), {@code per-page} (a state schedule for third parties: the first pages at one rate, the
 * rest at another, a search and retrieval fee, postage) or {@code none}.
 */
public record FeeSchedule(String code, String name, String kind, BigDecimal flatAmount, int firstPages,
                          BigDecimal firstPageRate, BigDecimal pageRate, BigDecimal suppliesPerPage,
                          BigDecimal searchFee, BigDecimal postage, boolean active, int version) {

    /** The charges for {@code pages} record pages; postage only when the copy is mailed. */
    public List<FeeLine> charge(int pages, boolean mailed) {
        List<FeeLine> lines = new ArrayList<>();
        switch (kind) {
            case "flat" -> lines.add(new FeeLine("Flat fee, electronic copy", money(flatAmount)));
            case "cost-based" -> {
                lines.add(new FeeLine("Labor for copying, " + pages + " page(s) at " + money(pageRate),
                        money(pageRate.multiply(BigDecimal.valueOf(pages)))));
                if (suppliesPerPage.signum() > 0) {
                    lines.add(new FeeLine("Supplies, " + pages + " page(s) at " + money(suppliesPerPage),
                            money(suppliesPerPage.multiply(BigDecimal.valueOf(pages)))));
                }
                if (mailed && postage.signum() > 0) lines.add(new FeeLine("Postage", money(postage)));
            }
            case "per-page" -> {
                if (searchFee.signum() > 0) lines.add(new FeeLine("Search and retrieval", money(searchFee)));
                int first = Math.min(pages, firstPages);
                if (first > 0) {
                    lines.add(new FeeLine("Pages 1-" + first + " at " + money(firstPageRate),
                            money(firstPageRate.multiply(BigDecimal.valueOf(first)))));
                }
                int rest = pages - first;
                if (rest > 0) {
                    lines.add(new FeeLine("Pages " + (first + 1) + "-" + pages + " at " + money(pageRate),
                            money(pageRate.multiply(BigDecimal.valueOf(rest)))));
                }
                if (mailed && postage.signum() > 0) lines.add(new FeeLine("Postage", money(postage)));
            }
            default -> lines.add(new FeeLine("No charge", money(BigDecimal.ZERO)));
        }
        return lines;
    }

    public static BigDecimal total(List<FeeLine> lines) {
        return money(lines.stream().map(FeeLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }
}
