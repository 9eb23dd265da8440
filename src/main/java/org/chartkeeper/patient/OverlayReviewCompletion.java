package org.chartkeeper.patient;

import java.util.List;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.springframework.stereotype.Component;

/**
 * The decision on a possible overlay: the same person (the flag is cleared), or an overlay (the flag stays until the
 * record is corrected). Either way the decision goes to the patient's history.
 */
@Component
class OverlayReviewCompletion implements WorkItemCompletion {

    static final Outcome SAME_PERSON = new Outcome("same-person", "Same person: clear the flag");
    static final Outcome OVERLAY = new Outcome("overlay-confirmed", "Overlay confirmed: correct the record");

    private final MergeRepository repository;
    private final AccessGate gate;
    private final java.time.Clock clock;

    OverlayReviewCompletion(MergeRepository repository, AccessGate gate, java.time.Clock clock) {
        this.repository = repository;
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public String itemType() {
        return OverlayDetector.ITEM_TYPE;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(SAME_PERSON, OVERLAY);
    }

    @Override
    public void completed(WorkItem item, Outcome outcome, String note) {
        if (item.patientId() == null) return;
        long patientId = item.patientId();
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, patientId, "Patient",
                "overlay review " + item.id()));
        if (SAME_PERSON.equals(outcome)) repository.clearOverlay(patientId);
        repository.history(patientId, clock.instant(), CurrentUser.require().username(), "overlay", "flagged",
                outcome.label() + " (work item " + item.id() + "): " + note);
    }
}
