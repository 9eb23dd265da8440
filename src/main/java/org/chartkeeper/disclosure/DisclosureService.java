package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.patient.Demographics;
import org.chartkeeper.patient.LikelyMatch;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientSearch;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Release of information: intake of requests, their validation checklist, deadlines and extensions, release (which
 * records a disclosure), denial and cancellation; disclosures entered by hand, agencies' suspensions, and the
 * patient's accounting of disclosures. Every read or change passes the {@link AccessGate} (category DISCLOSURES);
 * a release is recorded as DISCLOSE.
 */
@Service
public class DisclosureService {

    public static final String WORK = org.chartkeeper.security.Permissions.ROI_WORK;
    public static final String MANAGE = org.chartkeeper.security.Permissions.ROI_MANAGE;
    public static final String QUEUE = "roi-request";
    static final String RESOURCE = "RoiRequest";
    static final Set<String> CHANNELS = Set.of("mail", "fax", "email", "portal", "in-person", "phone");
    static final Set<String> FORMATS = Set.of("paper", "pdf", "electronic");
    static final Set<String> DELIVERIES = Set.of("mail", "pickup", "secure-download", "email", "fax");
    public static final int QUEUE_LIMIT = 500;

    private final DisclosureRepository repository;
    private final AccessGate gate;
    private final PatientService patients;
    private final WorkQueueService queues;
    private final PermissionService permissions;
    private final Clock clock;
    private final Integer stateDeadlineDays;

    public DisclosureService(DisclosureRepository repository, AccessGate gate, PatientService patients,
                             WorkQueueService queues, PermissionService permissions, Clock clock,
                             @Value("${chartkeeper.roi.state-deadline-days:#{null}}") Integer stateDeadlineDays) {
        this.repository = repository;
        this.gate = gate;
        this.patients = patients;
        this.queues = queues;
        this.permissions = permissions;
        this.clock = clock;
        this.stateDeadlineDays = stateDeadlineDays;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public Integer stateDeadlineDays() {
        return stateDeadlineDays;
    }

    // ------------------------------------------------------------------ finding the patient

    /**
     * The patients a request may be about: by MRN, else by name and date of birth through the patient index's
     * likely matches, else by name. Audited as a search.
     */
    public List<PatientCandidate> findPatients(String mrn, String name, String birthDate) {
        if (mrn != null && !mrn.isBlank()) {
            return patients.searchRecords(PatientSearch.of(null, null, mrn.strip()), 10).stream()
                    .map(r -> candidate(r, "MRN")).toList();
        }
        PatientSearch criteria = PatientSearch.of(name, birthDate, null);
        if (criteria.family() != null && criteria.given() != null && criteria.bornFrom() != null) {
            Demographics person = new Demographics(criteria.family(), criteria.given(), null, criteria.bornFrom(), null,
                    null, null, null, null, null, null, null, List.of());
            List<LikelyMatch> matches = patients.likelyMatches(person, 10, false);
            return matches.stream().map(m -> candidate(m.record(), m.match().grade().name().toLowerCase(Locale.ROOT)
                    + String.format(Locale.ROOT, " (%.2f)", m.match().score()))).toList();
        }
        return patients.searchRecords(criteria, 20).stream().map(r -> candidate(r, "name")).toList();
    }

    private static PatientCandidate candidate(PatientRecord r, String how) {
        Patient p = r.patient();
        return new PatientCandidate(p.id(), p.mrn(), p.displayName(), p.birthDate(), how);
    }

    // ------------------------------------------------------------------ intake

    /**
     * Takes in a request: checks it, sets its deadline, runs the checklist (a request that fails is pended with the
     * missing items named) and puts a work item in the roi pool due at the deadline. Audited (CREATE).
     */
    @Transactional
    public RoiRequest intake(NewRoiRequest in) {
        if (in == null) throw new InvalidRequestException("patientId", "Send the request");
        if (in.patientId() == null) throw new InvalidRequestException("patientId", "Match the request to a patient");
        LocalDate received = AuthorizationForm.date("receivedOn", in.receivedOn());
        if (received == null) throw new InvalidRequestException("receivedOn", "Give the date the request was received");
        if (received.isAfter(today())) throw new InvalidRequestException("receivedOn", "The received date is in the future");
        String channel = oneOf("channel", in.channel(), CHANNELS);
        RequesterType type = RequesterType.parse("requesterType", in.requesterType());
        String requester = required("requesterName", in.requesterName(), 200);
        String address = AuthorizationForm.text("requesterAddress", in.requesterAddress(), 500);
        LocalDate from = AuthorizationForm.date("askedFrom", in.askedFrom());
        LocalDate to = AuthorizationForm.date("askedTo", in.askedTo());
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("askedTo", "The end of the date range is before its start");
        }
        String encounters = AuthorizationForm.text("askedEncounters", in.askedEncounters(), 500);
        String documentTypes = AuthorizationForm.text("askedDocumentTypes", in.askedDocumentTypes(), 500);
        String purpose = required("purpose", in.purpose(), 500);
        String format = oneOf("format", in.format(), FORMATS);
        String delivery = oneOf("delivery", in.delivery(), DELIVERIES);
        Authorization a = in.authorization() == null ? Authorization.NONE : in.authorization().toAuthorization();

        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, in.patientId(), RESOURCE, null),
                WORK, "release-of-information request received");
        ValidationChecklist checklist = ValidationChecklist.of(type, a, today());
        RoiStatus status = checklist.passed() ? RoiStatus.RECEIVED : RoiStatus.PENDED;
        String note = checklist.passed() ? null : "Missing: " + checklist.missingText();
        LocalDate due = RequestDeadline.due(received, stateDeadlineDays);
        Instant now = clock.instant();
        Actor actor = Actor.current();
        long id = repository.insert(new DisclosureRepository.Intake(in.patientId(), received, channel, type, requester,
                address, encounters, from, to, documentTypes, purpose, format, delivery), a, status, note, due, now,
                actor.userId());
        repository.history(id, now, actor.userId(), "received", null, RoiStatus.RECEIVED, null);
        if (status == RoiStatus.PENDED) repository.history(id, now, actor.userId(), "pended", RoiStatus.RECEIVED, status, note);
        RoiRequest r = repository.find(id).orElseThrow();
        WorkItem item = queues.create(NewWorkItem.of(QUEUE, RESOURCE, id, in.patientId(),
                "Request " + r.requestNo() + " (" + type.label() + ")", "Received " + received + " by " + channel
                        + "; due " + due).dueAt(endOf(due)), actor);
        repository.workItem(id, item.id());
        return repository.find(id).orElseThrow();
    }

    // ------------------------------------------------------------------ reading

    /** A request with its patient, checklist, history and clock. Audited. */
    public RequestView request(long requestId) {
        RoiRequest r = find(requestId);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId));
        Patient p = patients.open(r.patientId());
        LocalDate today = today();
        return new RequestView(r, new PatientCandidate(p.id(), p.mrn(), p.displayName(), p.birthDate(), null),
                r.checklist(today), repository.historyOf(requestId), RequestDeadline.clock(r.dueOn(), today),
                r.status().open() && r.dueOn().isBefore(today));
    }

    /** The open requests, overdue first then soonest due, each with its clock. Audited as one list. */
    public List<QueueRow> queue() {
        List<RoiRequest> open = repository.open(QUEUE_LIMIT);
        gate.list(DataCategory.DISCLOSURES, RESOURCE, open.stream().map(RoiRequest::patientId).toList(),
                "release-of-information queue");
        LocalDate today = today();
        return open.stream().map(r -> new QueueRow(r, null, null, ChronoUnit.DAYS.between(today, r.dueOn()),
                RequestDeadline.clock(r.dueOn(), today))).toList();
    }

    /** A patient's requests, newest first. Audited. */
    public List<RoiRequest> requestsOf(long patientId) {
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, patientId, RESOURCE, "patient/" + patientId));
        return repository.ofPatient(patientId);
    }

    // ------------------------------------------------------------------ changes

    /**
     * Records what the specialist found (identity, authorization, legal process) and runs the checklist again: a
     * pended request that now passes goes back to received; one that fails is pended with what is missing.
     */
    @Transactional
    public RoiRequest updateValidation(long requestId, int version, AuthorizationForm form) {
        RoiRequest r = change(requestId, "validation updated");
        requireOpen(r);
        Authorization a = form == null ? Authorization.NONE : form.toAuthorization();
        ValidationChecklist checklist = ValidationChecklist.of(r.requesterType(), a, today());
        RoiStatus to = checklist.passed() ? (r.status() == RoiStatus.PENDED ? RoiStatus.RECEIVED : r.status())
                : RoiStatus.PENDED;
        String note = checklist.passed() ? null : "Missing: " + checklist.missingText();
        Instant now = clock.instant();
        if (!repository.updateAuthorization(requestId, version, a, to, note, now)) throw stale(requestId, version);
        repository.history(requestId, now, me(), to == r.status() ? "validation updated"
                : to == RoiStatus.PENDED ? "pended" : "validated", r.status(), to, note);
        return find(requestId);
    }

    /** Starts work on a request whose checklist passes. */
    @Transactional
    public RoiRequest start(long requestId, int version) {
        RoiRequest r = change(requestId, "work started");
        if (r.status() != RoiStatus.RECEIVED) {
            throw new InvalidRequestException("status", "Only a received request can be started; this one is "
                    + r.status().code() + (r.status() == RoiStatus.PENDED ? " until its missing items arrive" : ""));
        }
        return move(r, version, RoiStatus.IN_PROGRESS, "started", null);
    }

    /**
     * Completes a request whose release package was delivered: a disclosure is recorded for the accounting (date,
     * recipient and address, description, purpose), the release is audited as DISCLOSE and the work item is closed.
     * Package-private on purpose: a request is released only through fulfillment ({@link FulfillmentService#deliver}
     * and the recipient's first download), so the selection, minimum necessary, the sensitive-record holds and the
     * consents always apply. There is no release without a package (paper goes out as the printed package, by mail
     * or in person).
     */
    @Transactional
    RoiRequest recordRelease(long requestId, int version, LocalDate disclosedOn, String description) {
        RoiRequest r = find(requestId);
        requireOpen(r);
        if (r.status() != RoiStatus.IN_PROGRESS) {
            throw new InvalidRequestException("status", "Request " + r.requestNo() + " is " + r.status().code()
                    + (r.status() == RoiStatus.PENDED ? ": " + r.statusNote() : "") + "; only a started request is released");
        }
        ValidationChecklist checklist = r.checklist(today());
        if (!checklist.passed()) {
            throw new InvalidRequestException("status", "The checklist does not pass: " + checklist.missingText());
        }
        String what = required("description", description, 1000);
        gate.open(PatientAccess.of(AuditAction.DISCLOSE, DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId));
        RoiRequest done = move(r, version, RoiStatus.COMPLETED, "released", "Released to " + r.requesterName());
        repository.insertDisclosure(r.patientId(), disclosedOn, r.requesterName(), r.requesterAddress(), what, r.purpose(),
                r.releaseCategory(), requestId, clock.instant(), me());
        closeWorkItem(done, "Released " + done.requestNo());
        return done;
    }

    /**
     * Completes a request whose package the recipient has just downloaded through its secure link: no one is signed
     * in, so there is no gate to pass here; the download itself was audited as DISCLOSE naming the link and the
     * recipient. The disclosure is recorded for the accounting and the request's work item is closed. A request no
     * longer in progress is left as it is.
     */
    @Transactional
    RoiRequest recordDownloadRelease(long requestId, LocalDate disclosedOn, String description, Actor actor) {
        RoiRequest r = find(requestId);
        if (r.status() != RoiStatus.IN_PROGRESS) return r;
        String what = required("description", description, 1000);
        Instant now = clock.instant();
        String note = "Downloaded by " + r.requesterName();
        if (!repository.move(r.id(), r.version(), RoiStatus.COMPLETED, note, now)) throw stale(r.id(), r.version());
        repository.history(r.id(), now, actor.userId(), "released", r.status(), RoiStatus.COMPLETED, note);
        repository.insertDisclosure(r.patientId(), disclosedOn, r.requesterName(), r.requesterAddress(), what, r.purpose(),
                r.releaseCategory(), requestId, now, actor.userId());
        if (r.workItemId() != null) {
            queues.settle(r.workItemId(), true, actor, "Released " + r.requestNo() + ": downloaded by the recipient");
        }
        return find(requestId);
    }

    @Transactional
    public RoiRequest deny(long requestId, int version, String reason) {
        RoiRequest r = change(requestId, "denied");
        requireOpen(r);
        RoiRequest done = move(r, version, RoiStatus.DENIED, "denied", required("reason", reason, 2000));
        closeWorkItem(done, "Denied: " + done.statusNote());
        return done;
    }

    @Transactional
    public RoiRequest cancel(long requestId, int version, String reason) {
        RoiRequest r = change(requestId, "cancelled");
        requireOpen(r);
        RoiRequest done = move(r, version, RoiStatus.CANCELLED, "cancelled", required("reason", reason, 2000));
        closeWorkItem(done, "Cancelled: " + done.statusNote());
        return done;
    }

    /**
     * Extends a patient access request by 30 days, once, with a written notice sent within the initial period that
     * applies (30 days or the stricter state deadline), stating the reasons for the delay (stored with the request)
     * and the new date (the new due date).
     */
    @Transactional
    public RoiRequest extend(long requestId, int version, String noticeSentOn, String reason) {
        RoiRequest r = change(requestId, "extended");
        requireOpen(r);
        LocalDate notice = AuthorizationForm.date("noticeSentOn", noticeSentOn);
        if (notice != null && notice.isAfter(today())) {
            throw new InvalidRequestException("noticeSentOn", "The notice date is in the future");
        }
        String why = AuthorizationForm.text("reason", reason, 1000);
        LocalDate due = RequestDeadline.extended(r.requesterType(), r.receivedOn(), r.dueOn(), r.extensionNoticeOn(),
                notice, why);
        Instant now = clock.instant();
        if (!repository.extend(requestId, version, notice, why, due, now)) throw stale(requestId, version);
        repository.history(requestId, now, me(), "extended", r.status(), r.status(),
                "Extension notice sent " + notice + "; now due " + due + "; reason: " + why);
        if (r.workItemId() != null) {
            queues.reschedule(r.workItemId(), endOf(due), Actor.current(), "request extended; due " + due);
        }
        return find(requestId);
    }

    // ------------------------------------------------------------------ accounting of disclosures

    /** Records a disclosure made outside a request (public health, law enforcement, court orders). Audited. */
    @Transactional
    public Disclosure recordDisclosure(long patientId, NewDisclosure in) {
        if (in == null) throw new InvalidRequestException("recipientName", "Send the disclosure");
        LocalDate on = AuthorizationForm.date("disclosedOn", in.disclosedOn());
        if (on == null) throw new InvalidRequestException("disclosedOn", "Give the date of the disclosure");
        if (on.isAfter(today())) throw new InvalidRequestException("disclosedOn", "The date is in the future");
        String recipient = required("recipientName", in.recipientName(), 200);
        String address = AuthorizationForm.text("recipientAddress", in.recipientAddress(), 500);
        String description = required("description", in.description(), 1000);
        String purpose = required("purpose", in.purpose(), 500);
        DisclosureCategory category = DisclosureCategory.parse("category", in.category());
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, patientId, "Disclosure", null),
                WORK, "disclosure entered");
        long id = repository.insertDisclosure(patientId, on, recipient, address, description, purpose, category, null,
                clock.instant(), me());
        return new Disclosure(id, patientId, on, recipient, address, description, purpose, category, null);
    }

    /** Records an agency's temporary suspension of the accounting of its disclosures. Needs roi.manage. Audited. */
    @Transactional
    public Suspension suspend(long patientId, NewSuspension in) {
        if (!permissions.has(CurrentUser.require(), MANAGE)) {
            throw new AccessDeniedException("Recording a suspension needs roi.manage");
        }
        if (in == null) throw new InvalidRequestException("agency", "Send the suspension");
        String agency = required("agency", in.agency(), 200);
        String statement = required("statement", in.statement(), 1000);
        LocalDate until = AuthorizationForm.date("suspendedUntil", in.suspendedUntil());
        if (until == null) throw new InvalidRequestException("suspendedUntil", "Give the date the suspension ends");
        if (until.isBefore(today())) throw new InvalidRequestException("suspendedUntil", "The date is in the past");
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, patientId, "Suspension", null),
                WORK, "accounting suspended for " + agency);
        long id = repository.insertSuspension(patientId, agency, statement, until, clock.instant(), me());
        return new Suspension(id, patientId, agency, statement, until);
    }

    /**
     * The patient's accounting of disclosures requested today, covering the 6 years before (or from {@code from}).
     * Audited.
     */
    public DisclosureAccounting accounting(long patientId, String from) {
        LocalDate asked = AuthorizationForm.date("from", from);
        LocalDate today = today();
        if (asked != null && asked.isAfter(today)) throw new InvalidRequestException("from", "The date is in the future");
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, patientId, "Accounting", patientId));
        LocalDate start = DisclosureAccounting.from(today, asked);
        return DisclosureAccounting.of(patientId, repository.disclosures(patientId, start, today),
                repository.suspensions(patientId), today, asked);
    }

    /**
     * The accounting that answers a patient's request received on {@code requestedOn}: the 6 years before the date
     * of the request (45 CFR 164.528(a)), not before the day it is prepared, or from {@code askedFrom}; through the
     * date of the request. An agency's suspension in effect today is honored. Audited.
     */
    public DisclosureAccounting accountingRequestedOn(long patientId, LocalDate requestedOn, LocalDate askedFrom) {
        LocalDate today = today();
        if (requestedOn.isAfter(today)) throw new InvalidRequestException("receivedOn", "The date is in the future");
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, patientId, "Accounting", patientId));
        LocalDate start = DisclosureAccounting.from(requestedOn, askedFrom);
        return DisclosureAccounting.of(patientId, repository.disclosures(patientId, start, requestedOn),
                repository.suspensions(patientId), requestedOn, askedFrom, today);
    }

    // ------------------------------------------------------------------ helpers

    private RoiRequest find(long requestId) {
        return repository.find(requestId).orElseThrow(() -> new NotFoundException("No request " + requestId));
    }

    private RoiRequest change(long requestId, String detail) {
        RoiRequest r = find(requestId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId),
                WORK, detail);
        return r;
    }

    private RoiRequest move(RoiRequest r, int version, RoiStatus to, String action, String note) {
        Instant now = clock.instant();
        if (!repository.move(r.id(), version, to, note, now)) throw stale(r.id(), version);
        repository.history(r.id(), now, me(), action, r.status(), to, note);
        return find(r.id());
    }

    /** Completes the request's work item for the current user (claiming it if still in the pool); left if someone else holds it. */
    private void closeWorkItem(RoiRequest r, String resolution) {
        if (r.workItemId() == null) return;
        WorkItem item = queues.detail(r.workItemId()).item();
        if (item.status() == WorkItemStatus.OPEN && item.poolRole() != null
                && CurrentUser.require().roles().contains(item.poolRole())) {
            item = queues.claim(item.id(), item.version());
        }
        if (item.status() == WorkItemStatus.IN_PROGRESS && Objects.equals(item.assigneeId(), me())) {
            queues.complete(item.id(), item.version(), resolution, null);
        }
    }

    private static void requireOpen(RoiRequest r) {
        if (!r.status().open()) {
            throw new InvalidRequestException("status", "Request " + r.requestNo() + " is " + r.status().code()
                    + "; it can no longer change");
        }
    }

    private static StaleVersionException stale(long requestId, int version) {
        return new StaleVersionException("Request " + requestId, version);
    }

    private static Long me() {
        return CurrentUser.require().id();
    }

    private static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
    }

    private static String required(String field, String value, int max) {
        String v = AuthorizationForm.text(field, value, max);
        if (v == null) throw new InvalidRequestException(field, "Required");
        return v;
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Give one of " + new java.util.TreeSet<>(allowed));
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new InvalidRequestException(field, "Unknown " + field + " '" + value.strip() + "'; one of "
                    + new java.util.TreeSet<>(allowed));
        }
        return v;
    }
}
