package org.chartkeeper.coding;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.chartkeeper.InvalidRequestException;

/** Dates from query and form values (yyyy-MM-dd), named when malformed. */
final class Dates {

    private Dates() {}

    static LocalDate parse(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not a date (yyyy-MM-dd)");
        }
    }
}
