package org.chartkeeper;

/** Someone else changed the thing since the caller read it; answered with 409 and nothing changed. */
public class StaleVersionException extends RuntimeException {
    public StaleVersionException(String what, int expectedVersion) {
        super(what + " was changed by someone else since version " + expectedVersion
                + " was read; reload it and apply your change again");
    }
}
