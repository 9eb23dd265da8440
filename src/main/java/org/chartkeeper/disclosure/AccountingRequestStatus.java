package org.chartkeeper.disclosure;

import java.util.Locale;

/** Where a patient's request for an accounting of disclosures stands. */
public enum AccountingRequestStatus {
    /** Taken in, free or with the fee agreed: to be prepared and delivered by the due date. */
    RECEIVED,
    /** A second request within 12 months: the patient must be told the fee and agree before it is prepared. */
    FEE_NOTICE,
    DELIVERED,
    WITHDRAWN;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean open() {
        return this == RECEIVED || this == FEE_NOTICE;
    }
}
