package org.chartkeeper.coding;

/** A code found by a search. {@code exact}: the query was this code. */
public record CodeMatch(CodeSystem system, String code, String display, String title, boolean billable, boolean exact,
                        String version) {}
