package org.chartkeeper.completion;

import java.time.Duration;
import java.time.Instant;

/**
 * One deficiency: the missing, unsigned or late item of one encounter under one rule, who answers for it, when it is
 * due, and where it stands (open, resolved, waived with a reason).
 */
public record Deficiency(long id, long encounterId, long patientId, String mrn, String patientName, String accountNumber,
                         String encounterClass, String department, String ruleCode, String ruleDescription,
                         String itemKey, String kind, Long documentId, String documentTitle, String documentStatus,
                         Integer documentVersion, Long surgicalCaseId, String typeCode, String typeName,
                         Long responsibleProviderId, String responsibleName, Instant dueAt, String status,
                         Instant openedAt, Instant resolvedAt, String resolution, Instant waivedAt, String waiveReason,
                         int version) {

    public boolean open() {
        return "open".equals(status);
    }

    /** Whole days past the due time at {@code now} (0 when not yet due). */
    public long daysOverdue(Instant now) {
        return now.isAfter(dueAt) ? Duration.between(dueAt, now).toDays() : 0;
    }

    public boolean overdue(Instant now) {
        return open() && now.isAfter(dueAt);
    }

    /** What the provider does about it: sign, co-sign, or dictate (write) the missing document. */
    public String action() {
        if (!open()) return "";
        if ("unsigned".equals(kind)) return "cosignature".equals(ruleCode) ? "Co-sign" : "Sign";
        if ("record-complete".equals(ruleCode)) return "Complete the record";
        return "Dictate " + (typeName == null ? "the document" : typeName.toLowerCase(java.util.Locale.ROOT));
    }

    /** The deadline clock as a queue shows it: "overdue 5 d", "due in 7 h". */
    public String clock(Instant now) {
        if (!open()) return status;
        Duration left = Duration.between(now, dueAt);
        Duration abs = left.abs();
        String amount = abs.toDays() >= 2 ? abs.toDays() + " d" : abs.toHours() >= 1 ? abs.toHours() + " h" : abs.toMinutes() + " min";
        return left.isNegative() ? "overdue " + amount : "due in " + amount;
    }
}
