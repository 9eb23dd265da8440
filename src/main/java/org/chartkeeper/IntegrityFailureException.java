package org.chartkeeper;

/**
 * Stored content no longer matches the SHA-256 recorded when it was stored (ONC 170.315(d)(8)): it is not served.
 * The failure has already been recorded in the audit trail when this is thrown.
 */
public class IntegrityFailureException extends RuntimeException {
    public IntegrityFailureException(String message) {
        super(message);
    }
}
