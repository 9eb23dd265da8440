package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.record.ScanBatch;
import org.chartkeeper.record.ScanFile;
import org.chartkeeper.record.ScanService;
import org.chartkeeper.security.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests to outside facilities for a patient's records (continuing care): sent, followed up when the follow-up
 * date passes, received (the files go into the scan indexing queue as a batch named after the request, linked back
 * to it) or cancelled. Every step passes the {@link AccessGate} (category DISCLOSURES).
 */
@Service
public class OutgoingService {

    static final String RESOURCE = "OutgoingRequest";
    static final int LIST_LIMIT = 500;

    private final OutgoingRepository outgoing;
    private final ScanService scans;
    private final AccessGate gate;
    private final Clock clock;
    private final int followUpDays;

    public OutgoingService(OutgoingRepository outgoing, ScanService scans, AccessGate gate, Clock clock,
                           @Value("${chartkeeper.roi.outgoing-follow-up-days:14}") int followUpDays) {
        if (followUpDays < 1) throw new IllegalArgumentException("chartkeeper.roi.outgoing-follow-up-days must be at least 1");
        this.outgoing = outgoing;
        this.scans = scans;
        this.gate = gate;
        this.clock = clock;
        this.followUpDays = followUpDays;
    }

    public int followUpDays() {
        return followUpDays;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Records a request sent to an outside facility; the first follow-up is due after the configured days. Audited. */
    @Transactional
    public OutgoingRequest create(NewOutgoingRequest in) {
        if (in == null || in.patientId() == null) throw new InvalidRequestException("patientId", "Give the patient");
        String facility = required("facility", in.facility(), 200);
        String contact = LetterService.text("facilityContact", in.facilityContact(), 500);
        String asked = required("askedFor", in.askedFor(), 1000);
        String purpose = required("purpose", in.purpose(), 500);
        LocalDate sent = AuthorizationForm.date("sentOn", in.sentOn());
        if (sent == null) sent = today();
        if (sent.isAfter(today())) throw new InvalidRequestException("sentOn", "The sent date is in the future");
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, in.patientId(), RESOURCE, null),
                DisclosureService.WORK, "outgoing request to " + facility);
        long id = outgoing.insert(in.patientId(), facility, contact, asked, purpose, sent, sent.plusDays(followUpDays),
                clock.instant(), CurrentUser.require().id());
        return find(id);
    }

    public OutgoingRequest get(long id) {
        OutgoingRequest o = find(id);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, o.patientId(), RESOURCE, id));
        return o;
    }

    /** Open requests, the overdue follow-ups first, then the latest closed. Audited as a list. */
    public List<OutgoingRequest> list() {
        List<OutgoingRequest> list = outgoing.list(LIST_LIMIT);
        gate.list(DataCategory.DISCLOSURES, RESOURCE, list.stream().map(OutgoingRequest::patientId).toList(),
                "outgoing requests");
        return list;
    }

    /** Records a follow-up (call, fax) with the facility; the next one is due after the configured days. */
    @Transactional
    public OutgoingRequest followUp(long id, int version, String note) {
        OutgoingRequest o = change(id, "followed up");
        requireOpen(o);
        String text = required("note", note, 1000);
        if (!outgoing.followUp(id, version, today().plusDays(followUpDays), text, clock.instant())) throw stale(id, version);
        return find(id);
    }

    /**
     * The records arrived: the files become a scanned batch in the indexing queue, named after this request, and the
     * request is closed as received with the batch linked. Audited.
     */
    @Transactional
    public OutgoingRequest receive(long id, int version, List<ScanFile> files) {
        OutgoingRequest o = change(id, "records received");
        requireOpen(o);
        if (files == null || files.isEmpty() || files.stream().allMatch(f -> f.bytes() == null || f.bytes().length == 0)) {
            throw new InvalidRequestException("files", "Attach the records received (PDF, TIFF, PNG or JPEG)");
        }
        List<ScanFile> real = files.stream().filter(f -> f.bytes() != null && f.bytes().length > 0).toList();
        ScanBatch batch = scans.receive(o.number() + " from " + cut(o.facility(), 150), real, Actor.current(),
                CurrentUser.require().id());
        if (!outgoing.received(id, version, today(), batch.id(), "Filed for indexing as scanned batch " + batch.id(),
                clock.instant())) {
            throw stale(id, version);
        }
        return find(id);
    }

    @Transactional
    public OutgoingRequest cancel(long id, int version, String reason) {
        OutgoingRequest o = change(id, "cancelled");
        requireOpen(o);
        if (!outgoing.cancel(id, version, required("reason", reason, 1000), clock.instant())) throw stale(id, version);
        return find(id);
    }

    private OutgoingRequest find(long id) {
        return outgoing.find(id).orElseThrow(() -> new NotFoundException("No outgoing request " + id));
    }

    private OutgoingRequest change(long id, String detail) {
        OutgoingRequest o = find(id);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, o.patientId(), RESOURCE, id),
                DisclosureService.WORK, detail);
        return o;
    }

    private static void requireOpen(OutgoingRequest o) {
        if (!o.status().open()) {
            throw new InvalidRequestException("status", o.number() + " is " + o.status().code() + "; it can no longer change");
        }
    }

    private static String required(String field, String value, int max) {
        String v = LetterService.text(field, value, max);
        if (v == null) throw new InvalidRequestException(field, "Required");
        return v;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static StaleVersionException stale(long id, int version) {
        return new StaleVersionException("Outgoing request " + id, version);
    }
}
