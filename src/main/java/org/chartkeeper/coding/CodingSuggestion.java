package org.chartkeeper.coding;

import java.time.Instant;

/**
 * A computer-assisted coding suggestion: a code found in one of the encounter's documents, with the sentence that
 * supports it ({@code start}..{@code end} in the document's text), a {@code qualifier} ("history" when the sentence
 * says "history of"), and the coder's decision: {@code status} {@code open}, {@code accepted} or {@code rejected}.
 */
public record CodingSuggestion(long id, long encounterId, long documentId, CodeSystem system, String code,
                               String display, String title, String sentence, int start, int end, String qualifier,
                               double score, String status, String decidedBy, Instant decidedAt, String rejectReason) {}
