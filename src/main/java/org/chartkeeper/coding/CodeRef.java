package org.chartkeeper.coding;

/** A code in a list (hierarchy, differences): code, display form, title, billable or header. */
public record CodeRef(String code, String display, String title, boolean billable) {}
