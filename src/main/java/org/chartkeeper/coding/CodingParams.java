package org.chartkeeper.coding;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.chartkeeper.InvalidRequestException;

/** Request parameters of the code pages and API, read with an error that names the field. */
final class CodingParams {

    private CodingParams() {}

    static LocalDate date(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("date", "Give the date as YYYY-MM-DD");
        }
    }

    /** A code system, or null for "all" when blank. */
    static CodeSystem systemOrAll(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("all")) return null;
        return system(value);
    }

    static CodeSystem system(String value) {
        return CodeSystem.parse(value).orElseThrow(() -> new InvalidRequestException("system",
                "Unknown code system; use ICD10CM, ICD10PCS, HCPCS or CPT"));
    }

    static int limit(String value, int defaultLimit) {
        if (value == null || value.isBlank()) return defaultLimit;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit", "Give a whole number");
        }
    }

    static Integer year(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("year", "Give the year as four digits");
        }
    }

    static long id(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Choose a code-set version");
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "Give a version id");
        }
    }
}
