package org.chartkeeper.coding;

import java.time.LocalDate;

/**
 * One code of a code-set version. {@code billable}: valid for HIPAA transactions (the CMS flag 1); a header is a
 * category with subdivisions and cannot be reported. {@code terminatedOn}: the HCPCS termination date, if any.
 */
public record CodeEntry(String code, boolean billable, String shortTitle, String title, LocalDate terminatedOn) {}
