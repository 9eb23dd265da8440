package org.chartkeeper.disclosure;

import java.util.Locale;

/** Where a request stands. Completed, denied and cancelled are final. */
public enum RoiStatus {
    RECEIVED, PENDED, IN_PROGRESS, COMPLETED, DENIED, CANCELLED;

    public boolean open() {
        return this == RECEIVED || this == PENDED || this == IN_PROGRESS;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
