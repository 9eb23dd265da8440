package org.chartkeeper.disclosure;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.springframework.stereotype.Component;

/**
 * An amendment request's work item is done when the author has decided on the request's page (accepting writes the
 * amendment, denying writes the letter): completing it in the queue before that is refused, and the outcome must be
 * the decision made.
 */
@Component
class AmendmentReviewCompletion implements WorkItemCompletion {

    static final Outcome ACCEPTED = new Outcome("accepted", "Accepted: amendment written");
    static final Outcome DENIED = new Outcome("denied", "Denied for a permitted reason");

    private final AmendmentRepository amendments;

    AmendmentReviewCompletion(AmendmentRepository amendments) {
        this.amendments = amendments;
    }

    @Override
    public String itemType() {
        return AmendmentService.QUEUE;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(ACCEPTED, DENIED);
    }

    @Override
    public void checkAllowed(WorkItem item) {
        AmendmentRequest a = request(item);
        if (a.status() == AmendmentStatus.PENDING) {
            throw new InvalidRequestException("outcome", "Decide " + a.number() + " on its page, /amendments/" + a.id()
                    + ": accepting writes the amendment, denying writes the letter to the patient");
        }
    }

    @Override
    public void completed(WorkItem item, Outcome outcome, String note) {
        AmendmentRequest a = request(item);
        Outcome made = a.status() == AmendmentStatus.ACCEPTED ? ACCEPTED : DENIED;
        if (!made.equals(outcome)) {
            throw new InvalidRequestException("outcome", a.number() + " was " + a.status().code() + "; choose '"
                    + made.code() + "'");
        }
    }

    private AmendmentRequest request(WorkItem item) {
        if (item.subjectId() == null) throw new InvalidRequestException("outcome", "This item names no amendment request");
        return amendments.find(item.subjectId()).orElseThrow(() -> new InvalidRequestException("outcome",
                "No amendment request " + item.subjectId()));
    }
}
