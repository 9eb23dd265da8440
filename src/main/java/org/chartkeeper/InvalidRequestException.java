package org.chartkeeper;

/** Bad input, named: which field and what is wrong with it. Answered with 400 and nothing changed. */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
