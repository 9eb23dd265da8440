package org.chartkeeper.patient;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemDetail;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The duplicate work queue: a candidate pair shown side by side with the matcher's explanation, and the reviewer's
 * decision (merge with a chosen survivor, not a duplicate, or needs investigation). A decision closes the pair's
 * work item through the work-queue engine.
 */
@Service
public class DuplicateReviewService {

    public static final String ITEM_TYPE = "duplicate-review";
    public static final String SUBJECT_TYPE = "DuplicateCandidate";

    private final MergeRepository repository;
    private final PatientMergeService merges;
    private final WorkQueueService queues;
    private final AccessGate gate;
    private final Clock clock;

    public DuplicateReviewService(MergeRepository repository, PatientMergeService merges, WorkQueueService queues,
                                  AccessGate gate, Clock clock) {
        this.repository = repository;
        this.merges = merges;
        this.queues = queues;
        this.gate = gate;
        this.clock = clock;
    }

    /** A candidate pair as the review shows it. */
    public record Candidate(long id, long patientA, long patientB, double score, String grade, String status,
                            int version, Long workItemId, List<String> explanation) {

        public boolean undecided() {
            return "open".equals(status) || "investigating".equals(status);
        }

        public String scorePercent() {
            return String.format(Locale.ROOT, "%.1f %%", score * 100);
        }
    }

    /**
     * One duplicate-review item: the work item, its candidate (null when the item is not a duplicate review or its
     * pair is gone), both patients side by side, the merge that decided it if any, and whether the user may decide.
     */
    public record Review(WorkItemDetail item, Candidate candidate, Comparison comparison, Long mergeId,
                         boolean canDecide, String notice) {}

    /** What a decision did. */
    public record DecisionResult(long candidateId, String status, Long mergeId, Long workItemId) {}

    /** The review page's content. Audited: the item, and a view of each patient. */
    public Review review(long itemId) {
        WorkItemDetail detail = queues.detail(itemId);
        WorkItem item = detail.item();
        if (!ITEM_TYPE.equals(item.type()) || item.subjectId() == null) {
            return new Review(detail, null, null, null, false,
                    "Work item " + itemId + " is not a duplicate review; open it in its own queue.");
        }
        var row = repository.candidate(item.subjectId()).orElse(null);
        if (row == null) {
            return new Review(detail, null, null, null, false, "The candidate pair of this item no longer exists:"
                    + " one of its patients was merged with a third record. Complete or cancel the item.");
        }
        Candidate candidate = candidate(row);
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, row.patientA(), SUBJECT_TYPE, row.id()));
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, row.patientB(), SUBJECT_TYPE, row.id()));
        Comparison comparison = Comparison.of(side(row.patientA()), side(row.patientB()));
        Long mergeId = "merged".equals(row.status()) ? repository.activeMergeFor(row.id()).orElse(null) : null;
        CurrentUser me = CurrentUser.require();
        boolean mayWork = item.status() == WorkItemStatus.OPEN && detail.actions().claim()
                || item.status() == WorkItemStatus.IN_PROGRESS && Objects.equals(item.assigneeId(), me.id());
        boolean canDecide = candidate.undecided() && mayWork && merges.currentUserMerges();
        return new Review(detail, candidate, comparison, mergeId, canDecide, null);
    }

    /**
     * Decides a candidate pair: {@code merge} (with {@code survivorId}, one of the pair), {@code not-duplicate}
     * (remembered, never proposed again) or {@code investigate}. {@code version} is the candidate's.
     */
    @Transactional
    public DecisionResult decide(long candidateId, Integer version, String decision, Long survivorId, String reason,
                                 boolean override) {
        CurrentUser me = merges.requirePermission(null, "decide duplicate candidates");
        var c = repository.candidate(candidateId)
                .orElseThrow(() -> new NotFoundException("No duplicate candidate with id " + candidateId));
        if (version == null) throw new InvalidRequestException("version", "version is required: send the version you read");
        String d = switch (decision == null ? "" : decision.strip().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-')) {
            case "merge", "merged" -> "merge";
            case "not-duplicate", "not-a-duplicate" -> "not-duplicate";
            case "investigate", "investigating", "needs-investigation" -> "investigate";
            default -> "";
        };
        if (!List.of("merge", "not-duplicate", "investigate").contains(d)) {
            throw new InvalidRequestException("decision", "Choose a decision: merge, not-duplicate or investigate");
        }
        if (c.version() != version) throw new StaleVersionException("Duplicate candidate " + candidateId, version);
        if (!"open".equals(c.status()) && !"investigating".equals(c.status())) {
            throw new InvalidRequestException("decision", "Duplicate candidate " + candidateId + " is already decided ("
                    + c.status() + ")");
        }
        String why = PatientMergeService.reason(reason);
        switch (d) {
            case "merge" -> {
                if (survivorId == null || survivorId != c.patientA() && survivorId != c.patientB()) {
                    throw new InvalidRequestException("survivorId", "Choose which of the two records survives: patient "
                            + c.patientA() + " or patient " + c.patientB());
                }
                long retired = survivorId == c.patientA() ? c.patientB() : c.patientA();
                var merge = merges.merge(survivorId, retired, why, override, candidateId);
                close(c.workItemId(), DuplicateReviewCompletion.MERGED.code(), "Merged patient " + retired
                        + " into patient " + survivorId + " (merge " + merge.id() + ")" + (why == null ? "" : ": " + why));
                return new DecisionResult(candidateId, "merged", merge.id(), c.workItemId());
            }
            case "not-duplicate" -> {
                recordNotDuplicate(c, me, why);
                close(c.workItemId(), DuplicateReviewCompletion.NOT_DUPLICATE.code(),
                        "Not a duplicate" + (why == null ? "" : ": " + why));
                return new DecisionResult(candidateId, "not-duplicate", null, c.workItemId());
            }
            default -> {
                openBoth(c, "needs investigation");
                if (repository.setCandidateStatus(c.id(), c.version(), "investigating") == 0) {
                    throw new StaleVersionException("Duplicate candidate " + candidateId, version);
                }
                take(c.workItemId());
                return new DecisionResult(candidateId, "investigating", null, c.workItemId());
            }
        }
    }

    /** The pair are different people: remembered so that no scan proposes them again. */
    void recordNotDuplicate(MergeRepository.CandidateRow c, CurrentUser me, String why) {
        openBoth(c, "not a duplicate");
        if (repository.setCandidateStatus(c.id(), c.version(), "not-duplicate") == 0) {
            throw new StaleVersionException("Duplicate candidate " + c.id(), c.version());
        }
        repository.notDuplicate(c.patientA(), c.patientB(), me.username(), clock.instant(), why);
    }

    private void openBoth(MergeRepository.CandidateRow c, String what) {
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, c.patientA(), SUBJECT_TYPE,
                c.id() + ": " + what));
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, c.patientB(), SUBJECT_TYPE,
                c.id() + ": " + what));
    }

    /** Completes the pair's work item (claiming it first if it is still in the pool). */
    private void close(Long itemId, String outcome, String resolution) {
        if (itemId == null) return;
        WorkItem item = queues.detail(itemId).item();
        if (!item.status().active()) return;
        if (item.status() == WorkItemStatus.OPEN) item = queues.claim(itemId, item.version());
        queues.complete(itemId, item.version(), resolution.length() > 2000 ? resolution.substring(0, 2000) : resolution,
                outcome);
    }

    /** The investigator takes the item (it stays active). */
    private void take(Long itemId) {
        if (itemId == null) return;
        WorkItem item = queues.detail(itemId).item();
        if (item.status() == WorkItemStatus.OPEN) queues.claim(itemId, item.version());
    }

    private Comparison.Side side(long patientId) {
        return repository.side(patientId).orElseThrow(() -> new PatientNotFoundException(patientId))
                .withIdentifiers(repository.identifiers(patientId));
    }

    static Candidate candidate(MergeRepository.CandidateRow c) {
        List<String> lines = c.explanation() == null ? List.of() : Arrays.stream(c.explanation().split("\\r?\\n|;"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Candidate(c.id(), c.patientA(), c.patientB(), c.score(), c.grade(), c.status(), c.version(),
                c.workItemId(), lines);
    }
}
