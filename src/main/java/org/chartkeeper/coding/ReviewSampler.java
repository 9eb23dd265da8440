package org.chartkeeper.coding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Picks the final-coded charts that go to quality review: a chart is sampled when a number drawn from its encounter
 * id and coder is below the coder's rate. The number is the first 8 bytes of SHA-256("coding-review|seed|encounter
 * id|coder") read as a fraction of 2^64: uniform, independent of the order in which charts are finalized, and the
 * same on every node and every run, so a sample can be recomputed and tested. The rate is the coder's own
 * ({@code coding_review_rate}) or {@code chartkeeper.coding.review-percent} (5 %). With
 * {@code chartkeeper.coding.review-minimum-per-month} N above 0, a chart the draw leaves out is still sampled while the
 * coder has fewer than N charts sampled in the calendar month (UTC) of final coding, so that a coder with few charts is
 * reviewed at all. A reopened and re-finalized chart that is already under review is not sampled again.
 */
@Component
class ReviewSampler {

    public static final String WORK_ITEM_TYPE = "coding-review";

    private final CodingReviewRepository reviews;
    private final WorkQueueService queues;
    private final double defaultPercent;
    private final String seed;
    private final int minimumPerMonth;

    ReviewSampler(CodingReviewRepository reviews, WorkQueueService queues,
                  @Value("${chartkeeper.coding.review-percent:5}") double defaultPercent,
                  @Value("${chartkeeper.coding.review-seed:chartkeeper}") String seed,
                  @Value("${chartkeeper.coding.review-minimum-per-month:0}") int minimumPerMonth) {
        this.reviews = reviews;
        this.queues = queues;
        this.defaultPercent = defaultPercent;
        this.seed = seed;
        this.minimumPerMonth = minimumPerMonth;
    }

    double percentFor(String coder) {
        return reviews.rate(coder).orElse(defaultPercent);
    }

    /** The draw for a chart: a fraction in [0, 1). */
    static double draw(String seed, long encounterId, String coder) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("coding-review|" + seed + "|" + encounterId + "|" + coder).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(h, 0, 8).getLong() >>> 11; // 53 bits, exactly representable as a double
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean sampled(long encounterId, String coder, double percent) {
        return draw(seed, encounterId, coder) * 100 < percent;
    }

    /** Called in the transaction of final coding: copies the abstract and queues a review when the chart is sampled. */
    void consider(long encounterId, long patientId, String encounterClass, String coder, Instant finalizedAt,
                  List<EncounterCodingRepository.Row> codes) {
        double percent = percentFor(coder);
        if (reviews.openFor(encounterId)) return;
        String because;
        if (sampled(encounterId, coder, percent)) {
            because = "random sample at " + percent + " % of " + coder + "'s charts";
        } else if (minimumPerMonth > 0 && reviews.sampledInMonth(coder, finalizedAt) < minimumPerMonth) {
            because = "minimum of " + minimumPerMonth + " reviews a month for " + coder;
        } else {
            return;
        }
        long review = reviews.create(encounterId, patientId, coder, encounterClass, finalizedAt, because, codes);
        var item = queues.create(NewWorkItem.of(WORK_ITEM_TYPE, "CodingReview", review, patientId,
                "Coding review " + review + ": " + encounterClass.toLowerCase(java.util.Locale.ROOT) + " encounter "
                        + encounterId, "Code the chart blind from the record; the coder's codes show after you submit."),
                Actor.current());
        reviews.linkWorkItem(review, item.id());
    }
}
