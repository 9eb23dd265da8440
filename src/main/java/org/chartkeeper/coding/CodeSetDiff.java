package org.chartkeeper.coding;

import java.util.List;

/**
 * What changed from one version of a code system to another, over billable codes: codes added (billable now, not
 * before), deleted (billable before, not now: gone or now a header with subdivisions), and revised titles. The
 * lists are capped at the requested limit; the counts are complete.
 */
public record CodeSetDiff(CodeSetVersion from, CodeSetVersion to, long addedCount, long deletedCount,
                          long revisedCount, List<CodeRef> added, List<CodeRef> deleted, List<RevisedTitle> revised) {

    public record RevisedTitle(String code, String display, String before, String after) {}
}
