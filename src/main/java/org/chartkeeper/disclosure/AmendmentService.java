package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient's right to amend (45 CFR 164.526). A request names the document, what is wrong and the change asked for;
 * it is due in 60 days (one 30-day extension with a written notice within them) and routed to the document's author
 * as a work item in their own queue (to the HIM director's pool when the author has no account). The author accepts
 * (writing and signing an amendment linked to the original, so the chart shows it) or denies for one of the
 * permitted reasons, which writes a denial letter stating the patient's rights. After a denial the patient's
 * statement of disagreement and our rebuttal are linked to the document, and {@link #linkedStatements} tells a
 * later release what it must carry. Every step passes the {@link AccessGate}.
 */
@Service
public class AmendmentService {

    public static final String DECIDE = "amendment.decide";
    public static final String QUEUE = "amendment-review";
    static final String RESOURCE = "AmendmentRequest";
    static final int LIST_LIMIT = 500;
    static final int MAX_TEXT = 4000;

    private final AmendmentRepository amendments;
    private final RecordService record;
    private final LetterService letters;
    private final WorkQueueService queues;
    private final AccessGate gate;
    private final PermissionService permissions;
    private final Clock clock;

    public AmendmentService(AmendmentRepository amendments, RecordService record, LetterService letters,
                            WorkQueueService queues, AccessGate gate, PermissionService permissions, Clock clock) {
        this.amendments = amendments;
        this.record = record;
        this.letters = letters;
        this.queues = queues;
        this.gate = gate;
        this.permissions = permissions;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ intake

    /** Takes in a request to amend and routes it to the document's author. Audited (CREATE). */
    @Transactional
    public AmendmentRequest intake(NewAmendmentRequest in) {
        if (in == null || in.patientId() == null) throw new InvalidRequestException("patientId", "Give the patient");
        if (in.documentId() == null) throw new InvalidRequestException("documentId", "Name the document to amend");
        LocalDate received = AuthorizationForm.date("receivedOn", in.receivedOn());
        if (received == null) throw new InvalidRequestException("receivedOn", "Give the date the request was received");
        if (received.isAfter(today())) throw new InvalidRequestException("receivedOn", "The received date is in the future");
        String by = required("requestedBy", in.requestedBy(), 200);
        String wrong = required("whatIsWrong", in.whatIsWrong(), MAX_TEXT);
        String change = required("proposedChange", in.proposedChange(), MAX_TEXT);
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, in.patientId(), RESOURCE, null),
                DisclosureService.WORK, "amendment requested");
        Document d;
        try {
            d = record.get(in.documentId());
        } catch (NotFoundException e) {
            throw new InvalidRequestException("documentId", "No document " + in.documentId());
        }
        if (d.patientId() != in.patientId()) {
            throw new InvalidRequestException("documentId", "Document " + in.documentId() + " is not in this patient's record");
        }
        if (d.enteredInError()) {
            throw new InvalidRequestException("documentId", "Document " + in.documentId() + " was entered in error");
        }
        if (!d.locked()) {
            throw new InvalidRequestException("documentId", "Document " + d.id() + " is still a draft; its author can"
                    + " correct it without an amendment");
        }
        Long author = record.authorUserId(d.id()).orElse(null);
        LocalDate due = RightsDeadline.due(received);
        long id = amendments.insert(in.patientId(), d.id(), received, by, wrong, change, due, d.authorProviderId(),
                author, clock.instant(), CurrentUser.require().id());
        NewWorkItem item = NewWorkItem.of(QUEUE, RESOURCE, id, in.patientId(),
                String.format("Amendment request AMD-%06d (document %d)", id, d.id()),
                "A patient asks to amend \"" + (d.title().length() > 120 ? d.title().substring(0, 120) : d.title()) + "\". Decide at /amendments/" + id
                        + " by " + due + ".").dueAt(endOf(due));
        WorkItem created = author != null
                ? queues.createAssigned(item.inPool("physician"), author, Actor.current())
                : queues.create(item, Actor.current());
        amendments.workItem(id, created.id());
        return find(id);
    }

    // ------------------------------------------------------------------ reading

    /** One request with its document's title. Audited. */
    public AmendmentRequest get(long id) {
        AmendmentRequest a = find(id);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, a.patientId(), RESOURCE, id));
        return withTitle(a, record.get(a.documentId()).title());
    }

    /** Pending requests soonest due first, then the latest decided. Audited as a list. */
    public List<AmendmentRequest> list() {
        List<AmendmentRequest> list = amendments.list(LIST_LIMIT);
        gate.list(DataCategory.DISCLOSURES, RESOURCE, list.stream().map(AmendmentRequest::patientId).toList(),
                "amendment requests");
        return list;
    }

    /** Whether the current user may decide this request (its routed author, or the director's pool without one). */
    public boolean canDecide(AmendmentRequest a) {
        CurrentUser me = CurrentUser.require();
        if (a.status() != AmendmentStatus.PENDING || !permissions.has(me, DECIDE)) return false;
        return a.deciderUserId() == null ? me.roles().contains("director") : a.deciderUserId() == me.id();
    }

    /**
     * What a release of these documents of the patient must carry (45 CFR 164.526(c)(3), (d)(5)): for each accepted
     * amendment, the amendment document to send with the original; for each denial the patient disagreed with, the
     * request, the denial, the statement of disagreement and the rebuttal (if any). For the release-package
     * builder: call it with the documents selected for a release (null: all of the patient's documents) and add each
     * statement (or the amendment document) to the package. Audited (VIEW of the patient's disclosure information).
     */
    public List<AmendmentStatement> linkedStatements(long patientId, Collection<Long> documentIds) {
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, patientId, RESOURCE, "linked-statements"));
        List<AmendmentStatement> out = new ArrayList<>();
        List<AmendmentRequest> decided = documentIds == null ? amendments.decidedFor(patientId)
                : amendments.decidedFor(patientId, documentIds);
        for (AmendmentRequest a : decided) {
            out.addAll(statements(a));
        }
        return out;
    }

    static List<AmendmentStatement> statements(AmendmentRequest a) {
        List<AmendmentStatement> out = new ArrayList<>();
        if (a.status() == AmendmentStatus.ACCEPTED) {
            out.add(new AmendmentStatement(a.documentId(), a.id(), AmendmentStatement.Kind.ACCEPTED_AMENDMENT,
                    a.decidedOn(), "Amended at the patient's request (" + a.number() + "): " + a.proposedChange(),
                    a.amendmentDocumentId()));
        } else if (a.status() == AmendmentStatus.DENIED && a.disagreement() != null) {
            out.add(new AmendmentStatement(a.documentId(), a.id(), AmendmentStatement.Kind.REQUEST, a.receivedOn(),
                    "The patient asked to amend: " + a.whatIsWrong() + " Proposed: " + a.proposedChange(), null));
            out.add(new AmendmentStatement(a.documentId(), a.id(), AmendmentStatement.Kind.DENIAL, a.decidedOn(),
                    "Denied: " + a.denialReason().text() + (a.decisionNote() == null ? "" : ". " + a.decisionNote()), null));
            out.add(new AmendmentStatement(a.documentId(), a.id(), AmendmentStatement.Kind.DISAGREEMENT,
                    a.disagreementOn(), a.disagreement(), null));
            if (a.rebuttal() != null) {
                out.add(new AmendmentStatement(a.documentId(), a.id(), AmendmentStatement.Kind.REBUTTAL, a.rebuttalOn(),
                        a.rebuttal(), null));
            }
        }
        return out;
    }

    /** The statements linked to one request (shown on its page). Audited through {@link #get}. */
    public List<AmendmentStatement> statementsOf(AmendmentRequest a) {
        return statements(a);
    }

    // ------------------------------------------------------------------ deciding (the author)

    /**
     * The author accepts: writes the amendment as a document linked to the original and signs it, so the chart shows
     * the original as amended; the request's work item is completed. Audited.
     */
    @Transactional
    public AmendmentRequest accept(long id, int version, String amendmentText) {
        AmendmentRequest a = decision(id, "amendment accepted");
        String text = required("amendmentText", amendmentText, MAX_TEXT);
        Document draft = record.change(a.documentId(), "amendment", null, text + "\n\n(Amended at the patient's request "
                + a.number() + ", received " + a.receivedOn() + ".)");
        Document signed = record.sign(draft.id(), draft.version());
        if (!amendments.accept(id, version, today(), me(), text, signed.id(), clock.instant())) throw stale(id, version);
        completeWorkItem(a, "Accepted; amendment document " + signed.id(), AmendmentReviewCompletion.ACCEPTED);
        return get(id);
    }

    /**
     * The author denies, for one of the permitted reasons only, and the denial letter (with the statement-of-
     * disagreement rights) is written. Audited.
     */
    @Transactional
    public AmendmentRequest deny(long id, int version, String reason, String explanation) {
        AmendmentRequest a = decision(id, "amendment denied");
        AmendmentDenialReason why = AmendmentDenialReason.parse("reason", reason);
        String note = LetterService.text("explanation", explanation, 2000);
        if (!amendments.deny(id, version, today(), me(), why, note, clock.instant())) throw stale(id, version);
        Document d = record.get(a.documentId());
        Map<String, String> f = new HashMap<>();
        f.put("requesterName", a.requestedBy());
        f.put("receivedOn", a.receivedOn().toString());
        f.put("documentTitle", d.title());
        f.put("amendmentRequested", a.whatIsWrong() + " Proposed change: " + a.proposedChange());
        f.put("denialReason", why.text() + (note == null ? "." : ". " + note));
        letters.generate("amendment-denial", a.patientId(), Letter.AMENDMENT, id, f, DECIDE);
        completeWorkItem(a, "Denied: " + why.code(), AmendmentReviewCompletion.DENIED);
        return get(id);
    }

    // ------------------------------------------------------------------ HIM steps

    /** Extends once by 30 days with a written notice (reason and new date) sent within the 60 days; writes the letter. */
    @Transactional
    public AmendmentRequest extend(long id, int version, String noticeSentOn, String reason) {
        AmendmentRequest a = change(id, "amendment extended");
        if (a.status() != AmendmentStatus.PENDING) {
            throw new InvalidRequestException("status", a.number() + " is " + a.status().code() + "; it can no longer be extended");
        }
        LocalDate notice = AuthorizationForm.date("noticeSentOn", noticeSentOn);
        if (notice != null && notice.isAfter(today())) throw new InvalidRequestException("noticeSentOn", "The notice date is in the future");
        String why = LetterService.text("reason", reason, 500);
        LocalDate due = RightsDeadline.extended(a.receivedOn(), a.extensionNoticeOn(), notice, why);
        if (!amendments.extend(id, version, notice, why, due, clock.instant())) throw stale(id, version);
        if (a.workItemId() != null) queues.reschedule(a.workItemId(), endOf(due), Actor.current(), "extended; due " + due);
        letters.generate("extension", a.patientId(), Letter.AMENDMENT, id, Map.of("requesterName", a.requestedBy(),
                "subject", "your request to amend your record (" + a.number() + ")", "receivedOn",
                a.receivedOn().toString(), "extensionReason", why, "dueOn", due.toString()));
        return get(id);
    }

    /** Records the patient's statement of disagreement with a denial, linked to the document. */
    @Transactional
    public AmendmentRequest disagreement(long id, int version, String statement, String receivedOn) {
        AmendmentRequest a = change(id, "statement of disagreement linked");
        if (a.status() != AmendmentStatus.DENIED) {
            throw new InvalidRequestException("status", "A statement of disagreement answers a denial; " + a.number()
                    + " is " + a.status().code());
        }
        if (a.disagreement() != null) {
            throw new InvalidRequestException("statement", a.number() + " already has the patient's statement of disagreement");
        }
        String text = required("statement", statement, MAX_TEXT);
        LocalDate on = AuthorizationForm.date("receivedOn", receivedOn);
        if (on == null) on = today();
        if (on.isAfter(today())) throw new InvalidRequestException("receivedOn", "The date is in the future");
        if (on.isBefore(a.decidedOn())) throw new InvalidRequestException("receivedOn", "The statement predates the denial");
        if (!amendments.disagreement(id, version, text, on, clock.instant())) throw stale(id, version);
        return get(id);
    }

    /** Records our rebuttal to the patient's statement of disagreement (a copy goes to the patient). */
    @Transactional
    public AmendmentRequest rebuttal(long id, int version, String rebuttal) {
        AmendmentRequest a = change(id, "rebuttal linked");
        if (a.disagreement() == null) {
            throw new InvalidRequestException("rebuttal", "A rebuttal answers the patient's statement of disagreement;"
                    + " " + a.number() + " has none");
        }
        String text = required("rebuttal", rebuttal, MAX_TEXT);
        if (!amendments.rebuttal(id, version, text, today(), clock.instant())) throw stale(id, version);
        return get(id);
    }

    // ------------------------------------------------------------------ helpers

    private AmendmentRequest find(long id) {
        return amendments.find(id).orElseThrow(() -> new NotFoundException("No amendment request " + id));
    }

    private AmendmentRequest change(long id, String detail) {
        AmendmentRequest a = find(id);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, a.patientId(), RESOURCE, id),
                DisclosureService.WORK, detail);
        return a;
    }

    private AmendmentRequest decision(long id, String detail) {
        AmendmentRequest a = find(id);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, a.patientId(), RESOURCE, id),
                DECIDE, detail);
        if (a.status() != AmendmentStatus.PENDING) {
            throw new InvalidRequestException("status", a.number() + " is already " + a.status().code());
        }
        if (!canDecide(a)) {
            throw new AccessDeniedException(a.number() + " is routed to " + (a.deciderName() == null
                    ? "the HIM director" : a.deciderName()) + "; only they may decide it");
        }
        return a;
    }

    private void completeWorkItem(AmendmentRequest a, String resolution, WorkItemCompletion.Outcome outcome) {
        if (a.workItemId() == null) return;
        WorkItem item = queues.detail(a.workItemId()).item();
        if (item.status() == WorkItemStatus.OPEN && item.poolRole() != null
                && CurrentUser.require().roles().contains(item.poolRole())) {
            item = queues.claim(item.id(), item.version());
        }
        if (item.status() == WorkItemStatus.IN_PROGRESS && Objects.equals(item.assigneeId(), me())) {
            queues.complete(item.id(), item.version(), resolution, outcome.code());
        }
    }

    private static AmendmentRequest withTitle(AmendmentRequest a, String title) {
        return new AmendmentRequest(a.id(), a.patientId(), a.documentId(), title, a.receivedOn(), a.requestedBy(),
                a.whatIsWrong(), a.proposedChange(), a.dueOn(), a.extensionNoticeOn(), a.extensionReason(), a.status(),
                a.authorProviderId(), a.deciderUserId(), a.deciderName(), a.workItemId(), a.decidedOn(),
                a.decidedByName(), a.denialReason(), a.decisionNote(), a.amendmentDocumentId(), a.disagreement(),
                a.disagreementOn(), a.rebuttal(), a.rebuttalOn(), a.createdAt(), a.version());
    }

    private static String required(String field, String value, int max) {
        String v = LetterService.text(field, value, max);
        if (v == null) throw new InvalidRequestException(field, "Required");
        return v;
    }

    private static StaleVersionException stale(long id, int version) {
        return new StaleVersionException("Amendment request " + id, version);
    }

    private static Long me() {
        return CurrentUser.require().id();
    }

    static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
    }
}
