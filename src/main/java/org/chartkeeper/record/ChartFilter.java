package org.chartkeeper.record;

import java.time.LocalDate;
import org.chartkeeper.InvalidRequestException;

/** Which documents of a chart to show: a type, a service date range (inclusive) and words to find in the text. */
public record ChartFilter(String typeCode, LocalDate from, LocalDate to, String text) {

    public static final ChartFilter ALL = new ChartFilter(null, null, null, null);

    public ChartFilter {
        typeCode = blank(typeCode);
        text = blank(text);
        if (text != null && text.length() > 200) {
            throw new InvalidRequestException("q", "Search text is too long (at most 200 characters)");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("to", "The end date is before the start date");
        }
    }

    /** From form or query values; dates as yyyy-MM-dd, named when malformed. */
    public static ChartFilter of(String type, String from, String to, String text) {
        return new ChartFilter(type, date("from", from), date("to", to), text);
    }

    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidRequestException(field, "'" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
