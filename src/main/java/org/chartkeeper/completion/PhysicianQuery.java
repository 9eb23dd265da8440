package org.chartkeeper.completion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A physician (CDI) query as it stands, with its options and cited indicators. */
public record PhysicianQuery(
        long id,
        long patientId,
        long encounterId,
        String accountNumber,
        long providerId,
        String providerName,
        long authorId,
        String authorName,
        Long templateId,
        QueryKind kind,
        String yesNoPurpose,
        String topic,
        String question,
        QueryStatus status,
        Instant createdAt,
        Instant sentAt,
        Instant dueAt,
        Instant escalatedAt,
        Instant answeredAt,
        String answerOption,
        String answerText,
        Long answerDocumentId,
        QueryOutcome outcome,
        String outcomeNote,
        Instant closedAt,
        String withdrawnReason,
        Long workItemId,
        Long escalationItemId,
        int version,
        List<String> options,
        List<QueryIndicator> indicators) {

    PhysicianQuery with(List<String> opts, List<QueryIndicator> inds) {
        return new PhysicianQuery(id, patientId, encounterId, accountNumber, providerId, providerName, authorId, authorName,
                templateId, kind, yesNoPurpose, topic, question, status, createdAt, sentAt, dueAt, escalatedAt, answeredAt,
                answerOption, answerText, answerDocumentId, outcome, outcomeNote, closedAt, withdrawnReason, workItemId,
                escalationItemId, version, opts, inds);
    }

    /** Open and past its due time at {@code now}. */
    public boolean overdueAt(Instant now) {
        return status.open() && dueAt != null && dueAt.isBefore(now);
    }

    /** Hours from sending to the answer, when answered. */
    public Double responseHours() {
        if (sentAt == null || answeredAt == null) return null;
        return Duration.between(sentAt, answeredAt).toMinutes() / 60.0;
    }
}
