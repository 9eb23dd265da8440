package org.chartkeeper.coding;

import java.time.Instant;
import java.util.List;

/**
 * A final-coded chart sampled for quality review. Until the reviewer submits ({@code status} {@code open}), the
 * coder's codes ({@code original}) are not shown: the review is blind. After, both sides and the accuracy:
 * code over code ({@code dxMatched}/{@code dxUnion} diagnoses with POA, {@code pxMatched}/{@code pxUnion} procedures)
 * and record over record ({@code recordMatch}: the whole abstract the same; {@code principalMatch}).
 */
public record CodingReview(long id, long encounterId, long patientId, String coder, String encounterClass,
                           Instant finalizedAt, String sampledBecause, Long workItemId, String status, String reviewer,
                           Instant submittedAt, Integer dxMatched, Integer dxUnion, Integer pxMatched, Integer pxUnion,
                           Boolean recordMatch, Boolean principalMatch, int version, List<Code> original,
                           List<Code> review) {

    /** A code of one side: kind diagnosis (seq 1 the principal) or procedure. */
    public record Code(String kind, int seq, CodeSystem system, String code, String display, String poa) {}

    public boolean blind() {
        return "open".equals(status);
    }
}
