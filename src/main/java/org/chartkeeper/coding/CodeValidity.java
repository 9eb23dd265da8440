package org.chartkeeper.coding;

import java.time.LocalDate;

/** Whether a code may be reported for a date (a discharge date), judged against the version in effect then. */
public record CodeValidity(CodeSystem system, String code, LocalDate date, boolean valid, String version, String reason) {}
