package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.List;

/**
 * One code in the version in effect on a date: its titles, whether it is billable, whether it is valid on that date
 * (and why not), where it sits in the hierarchy (chapter, then the codes above it) and the codes below it.
 */
public record CodeDetail(CodeSystem system, String code, String display, String title, String shortTitle,
                         boolean billable, LocalDate terminatedOn, long versionId, String version, LocalDate date,
                         boolean valid, String validity, Chapter chapter, List<CodeRef> path, List<CodeRef> children) {}
