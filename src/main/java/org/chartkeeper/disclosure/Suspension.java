package org.chartkeeper.disclosure;

import java.time.LocalDate;

/**
 * An agency's temporary suspension of the patient's right to an accounting of the disclosures made to it (45 CFR
 * 164.528(a)(2)): while in effect, those disclosures are left out of the accounting.
 */
public record Suspension(long id, long patientId, String agency, String statement, LocalDate suspendedUntil) {

    public boolean inEffectOn(LocalDate day) {
        return !suspendedUntil.isBefore(day);
    }

    boolean covers(Disclosure d) {
        return DisclosureAccounting.sameRecipient(agency, d.recipientName());
    }
}
