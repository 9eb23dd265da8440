package org.chartkeeper.disclosure;

/** A download link that existed but no longer works: expired, used up or revoked (HTTP 410). */
class ReleaseLinkGoneException extends RuntimeException {
    ReleaseLinkGoneException(String message) {
        super(message);
    }
}
