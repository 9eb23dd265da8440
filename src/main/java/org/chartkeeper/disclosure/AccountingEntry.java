package org.chartkeeper.disclosure;

import java.time.LocalDate;

/**
 * One line of an accounting: a disclosure, or repeated disclosures to one recipient for one purpose summarized
 * (164.528(b)(3)): the first one in full, how many, and the date of the last.
 */
public record AccountingEntry(LocalDate disclosedOn, String recipientName, String recipientAddress, String description,
                              String purpose, String category, int count, LocalDate lastDisclosedOn) {

    public boolean summarized() {
        return count > 1;
    }
}
