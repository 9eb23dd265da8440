package org.chartkeeper.patient;

import org.chartkeeper.InvalidRequestException;

/** Bad input in one patient of a bulk registration: which one (0-based), which field, what is wrong. */
public class InvalidRegistrationException extends InvalidRequestException {

    private final int index;

    public InvalidRegistrationException(int index, String field, String message) {
        super(field, message);
        this.index = index;
    }

    public int index() {
        return index;
    }
}
