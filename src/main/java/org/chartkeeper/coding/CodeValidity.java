package org.chartkeeper.coding;

import java.time.LocalDate;

/**
 * Whether a code may be reported for a date (a discharge date), judged against the version in effect then.
 * {@code status}: {@code valid}, {@code header} (a category with subdivisions), {@code terminated},
 * {@code not-in-code-set}, or {@code no-code-set} (no version in effect on that date).
 */
public record CodeValidity(CodeSystem system, String code, LocalDate date, boolean valid, String status, String version,
                           String reason) {}
