package org.chartkeeper.patient;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.springframework.stereotype.Component;

/**
 * Completing a duplicate-review item records the decision: "merged" only once the pair was merged (the merge itself,
 * with its choice of survivor, is made on the comparison page or the API); "not a duplicate" records the decision if
 * it was not yet made. Needs {@code patient.merge}.
 */
@Component
class DuplicateReviewCompletion implements WorkItemCompletion {

    static final Outcome MERGED = new Outcome("merged", "Merged");
    static final Outcome NOT_DUPLICATE = new Outcome("not-duplicate", "Not a duplicate");

    private final MergeRepository repository;
    private final PatientMergeService merges;
    private final DuplicateReviewService reviews;

    DuplicateReviewCompletion(MergeRepository repository, PatientMergeService merges,
                              @org.springframework.context.annotation.Lazy DuplicateReviewService reviews) {
        this.repository = repository;
        this.merges = merges;
        this.reviews = reviews;
    }

    @Override
    public String itemType() {
        return DuplicateReviewService.ITEM_TYPE;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(MERGED, NOT_DUPLICATE);
    }

    @Override
    public void checkAllowed(WorkItem item) {
        merges.requirePermission(item.patientId(), "decide duplicate candidates");
    }

    @Override
    public void completed(WorkItem item, Outcome outcome, String note) {
        if (item.subjectId() == null) return;
        var candidate = repository.candidate(item.subjectId()).orElse(null);
        if (candidate == null) return; // the pair went away in an earlier merge; nothing left to decide
        if (MERGED.equals(outcome) && !"merged".equals(candidate.status())) {
            throw new InvalidRequestException("outcome", "These patients are not merged yet: merge them on the"
                    + " comparison page (choose which record survives), which also completes the item");
        }
        if (NOT_DUPLICATE.equals(outcome)) {
            if ("merged".equals(candidate.status())) {
                throw new InvalidRequestException("outcome", "These patients were merged; undo the merge from the"
                        + " patient's chart before deciding they are different people");
            }
            if (!"not-duplicate".equals(candidate.status())) {
                reviews.recordNotDuplicate(candidate, CurrentUser.require(), note);
            }
        }
    }
}
