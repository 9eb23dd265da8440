package org.chartkeeper.disclosure;

import java.util.Locale;

/** Where a request to an outside facility stands: sent, followed up, received, or cancelled. */
public enum OutgoingStatus {
    SENT, FOLLOW_UP, RECEIVED, CANCELLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean open() {
        return this == SENT || this == FOLLOW_UP;
    }
}
