package org.chartkeeper.completion;

/**
 * What an HIM view or API call asks for. Nulls mean "any". {@code age}: not-due, 0-7, 8-14, 15-21, 22-30, over-30
 * (days past due).
 */
public record DeficiencyFilter(Long providerId, String department, String status, String kind, String ruleCode,
                               String age, Long patientId, Long encounterId, int limit) {

    public static final java.util.List<String> AGES = java.util.List.of("not-due", "0-7", "8-14", "15-21", "22-30", "over-30");
    public static final java.util.List<String> STATUSES = java.util.List.of("open", "resolved", "waived");
    public static final java.util.List<String> KINDS = java.util.List.of("missing", "unsigned", "late");

    public static DeficiencyFilter open() {
        return new DeficiencyFilter(null, null, "open", null, null, null, null, null, 500);
    }
}
