package org.chartkeeper.coding;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Coding quality review: the reviewer codes a sampled chart blind (the coder's codes are not shown until the review
 * is submitted), then accuracy is computed code over code and record over record ({@link CodingAccuracy}) and shown
 * per coder and month against the 95 % target. How charts are sampled: {@link ReviewSampler}.
 */
@Service
public class CodingReviewService {

    public static final double TARGET = 0.95;
    private static final int LIST_LIMIT = 500;

    private final CodingReviewRepository reviews;
    private final EncounterCodingService coding;
    private final ReviewSampler sampler;
    private final WorkQueueService queues;
    private final PermissionService permissions;
    private final AccessGate gate;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public CodingReviewService(CodingReviewRepository reviews, EncounterCodingService coding, ReviewSampler sampler,
                               WorkQueueService queues, PermissionService permissions, AccessGate gate,
                               AuditService audit, TransactionTemplate tx, Clock clock) {
        this.reviews = reviews;
        this.coding = coding;
        this.sampler = sampler;
        this.queues = queues;
        this.permissions = permissions;
        this.gate = gate;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** A review as its reviewer sees it: blind (no original codes) until submitted. Audited. */
    public CodingReview get(long reviewId) {
        CodingReview r = reviews.find(reviewId).orElseThrow(() -> new NotFoundException("No coding review " + reviewId));
        gate.open(PatientAccess.view(DataCategory.CODING, r.patientId(), "CodingReview", reviewId));
        return withCodes(r);
    }

    private CodingReview withCodes(CodingReview r) {
        List<CodingReview.Code> original = r.blind() ? List.of() : reviews.codes(r.id(), "original");
        List<CodingReview.Code> review = r.blind() ? List.of() : reviews.codes(r.id(), "review");
        return new CodingReview(r.id(), r.encounterId(), r.patientId(), r.coder(), r.encounterClass(), r.finalizedAt(),
                r.sampledBecause(), r.workItemId(), r.status(), r.reviewer(), r.submittedAt(), r.dxMatched(), r.dxUnion(),
                r.pxMatched(), r.pxUnion(), r.recordMatch(), r.principalMatch(), r.version(), original, review);
    }

    /** The reviewer's blind coding: compared with the coder's, the accuracy stored, the queue item completed. */
    public CodingReview submit(long reviewId, CodingChange change) {
        if (change == null) throw new InvalidRequestException("diagnoses", "Give the diagnoses and procedures");
        if (change.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
        CodingReview r = reviews.find(reviewId).orElseThrow(() -> new NotFoundException("No coding review " + reviewId));
        CurrentUser me = CurrentUser.require();
        if (!r.blind()) throw new InvalidRequestException("status", "This review was submitted already");
        if (me.username().equals(r.coder())) {
            throw new InvalidRequestException("reviewer", "A coder does not review their own charts");
        }
        gate.open(PatientAccess.view(DataCategory.CODING, r.patientId(), "CodingReview", reviewId));
        List<EncounterCodingRepository.Row> rows = EncounterCodingService.rows(change,
                "INPATIENT".equalsIgnoreCase(r.encounterClass()));
        if (rows.stream().noneMatch(x -> x.kind().equals("diagnosis"))) {
            throw new InvalidRequestException("diagnoses", "Code at least the principal diagnosis");
        }
        List<CodingReview.Code> mine = rows.stream().map(x -> new CodingReview.Code(x.kind(), x.seq(), x.system(),
                x.code(), x.system().display(x.code()), x.poa())).toList();
        Instant now = clock.instant();
        CodingAccuracy accuracy = tx.execute(s -> {
            CodingAccuracy a = CodingAccuracy.of(reviews.codes(reviewId, "original"), mine);
            if (!reviews.submit(reviewId, change.version(), me.username(), now, a)) {
                throw new StaleVersionException("Coding review " + reviewId, change.version());
            }
            for (CodingReview.Code c : mine) {
                reviews.insertCode(reviewId, "review", c.kind(), c.seq(), c.system(), c.code(), c.poa());
            }
            return a;
        });
        closeWorkItem(r, accuracy);
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CODING, AuditOutcome.SUCCESS).withPatient(r.patientId())
                .withResource("CodingReview", reviewId).withDetail(String.format(java.util.Locale.ROOT,
                        "coding review submitted: %d of %d diagnoses, %d of %d procedures matched; record %s",
                        accuracy.dxMatched(), accuracy.dxUnion(), accuracy.pxMatched(), accuracy.pxUnion(),
                        accuracy.recordMatch() ? "matched" : "differs")));
        return get(reviewId);
    }

    private void closeWorkItem(CodingReview r, CodingAccuracy a) {
        if (r.workItemId() == null) return;
        WorkItem item = queues.detail(r.workItemId()).item();
        String note = String.format(java.util.Locale.ROOT, "Reviewed: code accuracy %.1f %%, record %s",
                a.codeAccuracy() * 100, a.recordMatch() ? "matched" : "differs");
        CurrentUser me = CurrentUser.require();
        if (item.status() == WorkItemStatus.OPEN && item.poolRole() != null && me.roles().contains(item.poolRole())) {
            item = queues.claim(item.id(), item.version());
        }
        if (item.status() == WorkItemStatus.IN_PROGRESS && me.id() == (item.assigneeId() == null ? -1 : item.assigneeId())) {
            queues.complete(item.id(), item.version(), note, null);
        } else if (item.status() == WorkItemStatus.OPEN || item.status() == WorkItemStatus.IN_PROGRESS) {
            if (permissions.currentHas("workqueue.manage")) queues.cancel(item.id(), item.version(), note + " (by " + me.username() + ")");
        }
    }

    /** Open reviews (the reviewer's queue), oldest first; the list of patients is audited. */
    public List<CodingReview> open() {
        List<CodingReview> list = reviews.list("open", LIST_LIMIT);
        gate.list(DataCategory.CODING, "CodingReview", list.stream().map(CodingReview::patientId).toList(),
                "coding reviews waiting");
        return list;
    }

    /** Accuracy per coder and month, with the disagreements of each submitted review, over the last months. */
    public AccuracyReport accuracy(int months) {
        if (months < 1 || months > 36) throw new InvalidRequestException("months", "Between 1 and 36");
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        Instant from = now.minusMonths(months - 1L).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<CodingReview> done = reviews.done(from, clock.instant().plusSeconds(1));
        gate.list(DataCategory.CODING, "CodingReview", done.stream().map(CodingReview::patientId).toList(),
                "coding accuracy report");
        Map<String, Map<YearMonth, Tally>> byCoder = new TreeMap<>();
        Map<String, Tally> total = new TreeMap<>();
        List<Disagreement> disagreements = new ArrayList<>();
        for (CodingReview r : done) {
            YearMonth month = YearMonth.from(r.submittedAt().atZone(ZoneOffset.UTC));
            byCoder.computeIfAbsent(r.coder(), k -> new TreeMap<>()).computeIfAbsent(month, k -> new Tally()).add(r);
            total.computeIfAbsent(r.coder(), k -> new Tally()).add(r);
            if (!Boolean.TRUE.equals(r.recordMatch()) && disagreements.size() < 200) {
                CodingAccuracy a = CodingAccuracy.of(reviews.codes(r.id(), "original"), reviews.codes(r.id(), "review"));
                disagreements.add(new Disagreement(r.id(), r.encounterId(), r.coder(), r.reviewer(), r.submittedAt(),
                        Boolean.TRUE.equals(r.principalMatch()), a.onlyCoder(), a.onlyReviewer()));
            }
        }
        List<CoderAccuracy> rows = new ArrayList<>();
        byCoder.forEach((coder, monthsOf) -> {
            Map<String, Accuracy> m = new LinkedHashMap<>();
            monthsOf.forEach((ym, t) -> m.put(ym.toString(), t.accuracy()));
            rows.add(new CoderAccuracy(coder, total.get(coder).accuracy(), m));
        });
        Tally all = new Tally();
        done.forEach(all::add);
        return new AccuracyReport(TARGET, from, rows, all.accuracy(), disagreements);
    }

    /** Sampling rate of one coder (percent of final-coded charts), or the default. */
    public double samplingPercent(String coder) {
        return sampler.percentFor(coder);
    }

    /** Sets (or, with null, clears) a coder's own sampling rate. */
    public void setSamplingPercent(String coder, Double percent) {
        if (coder == null || coder.isBlank() || coder.length() > 64) throw new InvalidRequestException("coder", "Give the coder's user name");
        if (percent != null && (percent < 0 || percent > 100)) throw new InvalidRequestException("percent", "Between 0 and 100");
        reviews.setRate(coder.strip(), percent);
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CODING, AuditOutcome.SUCCESS)
                .withResource("CodingReviewRate", coder.strip())
                .withDetail(percent == null ? "sampling rate reset to the default" : "sampling rate " + percent + " %"));
    }

    public record Accuracy(int reviews, double codeOverCode, double dxCodeOverCode, double pxCodeOverCode,
                           double recordOverRecord, double principal, boolean meetsTarget) {}

    public record CoderAccuracy(String coder, Accuracy overall, Map<String, Accuracy> byMonth) {}

    public record Disagreement(long reviewId, long encounterId, String coder, String reviewer, Instant submittedAt,
                               boolean principalMatched, List<String> onlyCoder, List<String> onlyReviewer) {}

    public record AccuracyReport(double target, Instant from, List<CoderAccuracy> coders, Accuracy overall,
                                 List<Disagreement> disagreements) {}

    /** Sums over reviews: code over code is the sum of matches over the sum of unions. */
    static final class Tally {
        int reviews, dxMatched, dxUnion, pxMatched, pxUnion, records, principals;

        void add(CodingReview r) {
            reviews++;
            dxMatched += r.dxMatched() == null ? 0 : r.dxMatched();
            dxUnion += r.dxUnion() == null ? 0 : r.dxUnion();
            pxMatched += r.pxMatched() == null ? 0 : r.pxMatched();
            pxUnion += r.pxUnion() == null ? 0 : r.pxUnion();
            if (Boolean.TRUE.equals(r.recordMatch())) records++;
            if (Boolean.TRUE.equals(r.principalMatch())) principals++;
        }

        Accuracy accuracy() {
            double code = ratio(dxMatched + pxMatched, dxUnion + pxUnion);
            return new Accuracy(reviews, code, ratio(dxMatched, dxUnion), ratio(pxMatched, pxUnion),
                    ratio(records, reviews), ratio(principals, reviews), reviews > 0 && code >= TARGET);
        }

        private static double ratio(int a, int b) {
            return b == 0 ? 1.0 : Math.round(10000.0 * a / b) / 10000.0;
        }
    }
}
