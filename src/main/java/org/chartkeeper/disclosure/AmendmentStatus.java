package org.chartkeeper.disclosure;

import java.util.Locale;

/** Where a patient's request to amend stands. */
public enum AmendmentStatus {
    PENDING, ACCEPTED, DENIED, WITHDRAWN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
