package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patients' consents to disclosures a general authorization does not cover (42 CFR Part 2, HIV, behavioral health,
 * genetic information, psychotherapy notes) and research consents: recorded, revoked, read and searched. Every read
 * or change passes the {@link AccessGate} (category DISCLOSURES); changes need consent.write.
 */
@Service
public class ConsentService {

    public static final String WRITE = "consent.write";
    public static final Set<String> CATEGORIES = Set.of("part2", "hiv", "behavioral-health", "genetic", "psychotherapy",
            "general-research");
    static final String RESOURCE = "Consent";

    private final ConsentRepository consents;
    private final AccessGate gate;
    private final RecordService records;
    private final Clock clock;

    public ConsentService(ConsentRepository consents, AccessGate gate, RecordService records, Clock clock) {
        this.consents = consents;
        this.gate = gate;
        this.records = records;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Records an active consent. The scanned form, when given, must be a document of the same patient. Audited. */
    @Transactional
    public Consent create(long patientId, NewConsent in) {
        if (in == null) throw new InvalidRequestException("category", "Send the consent");
        String category = category(in.category());
        String recipient = AuthorizationForm.text("recipient", in.recipient(), 200);
        String purpose = AuthorizationForm.text("purpose", in.purpose(), 500);
        if (purpose == null) throw new InvalidRequestException("purpose", "Give the purpose the consent allows");
        LocalDate start = AuthorizationForm.date("periodStart", in.periodStart());
        if (start == null) throw new InvalidRequestException("periodStart", "Give the date the consent starts");
        LocalDate end = AuthorizationForm.date("periodEnd", in.periodEnd());
        if (end != null && end.isBefore(start)) {
            throw new InvalidRequestException("periodEnd", "The consent ends before it starts");
        }
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, patientId, RESOURCE, null),
                WRITE, category + " consent recorded");
        if (in.documentId() != null) {
            Document d;
            try {
                d = records.get(in.documentId());
            } catch (NotFoundException e) {
                throw new InvalidRequestException("documentId", "No document " + in.documentId());
            }
            if (d.patientId() != patientId) {
                throw new InvalidRequestException("documentId", "Document " + in.documentId()
                        + " is not in this patient's record");
            }
        }
        String idSystem = AuthorizationForm.text("identifier.system", in.identifierSystem(), 200);
        String idValue = AuthorizationForm.text("identifier.value", in.identifierValue(), 200);
        if (idSystem != null && idValue == null) {
            throw new InvalidRequestException("identifier.value", "An identifier needs its value");
        }
        long id = consents.insert(patientId, category, recipient, purpose, start, end, in.documentId(), idSystem, idValue,
                clock.instant(), CurrentUser.require().id());
        return consents.find(id).orElseThrow();
    }

    /** Revokes a consent from a date (today when not given); a revoked consent no longer permits anything. */
    @Transactional
    public Consent revoke(long consentId, int version, String revokedOn) {
        Consent c = find(consentId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, c.patientId(), RESOURCE,
                consentId), WRITE, "consent revoked");
        if (!c.status().equals("active")) {
            throw new InvalidRequestException("status", "Consent " + consentId + " is already revoked");
        }
        LocalDate on = AuthorizationForm.date("revokedOn", revokedOn);
        if (on == null) on = today();
        if (on.isAfter(today())) throw new InvalidRequestException("revokedOn", "The revocation date is in the future");
        Instant now = clock.instant();
        if (!consents.revoke(consentId, version, on, now)) throw new StaleVersionException("Consent " + consentId, version);
        return consents.find(consentId).orElseThrow();
    }

    /** One consent. Audited. */
    public Consent get(long consentId) {
        Consent c = find(consentId);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, c.patientId(), RESOURCE, consentId));
        return c;
    }

    /** A patient's consents, newest first. Audited. */
    public List<Consent> ofPatient(long patientId) {
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, patientId, RESOURCE, "patient/" + patientId));
        return consents.ofPatient(patientId);
    }

    /**
     * The consents of these patients for a bulk export (changed since {@code since}, when given): each patient's
     * consents opened through the gate as an export, all recorded together; a refused patient refuses the call.
     */
    public List<Consent> exportFor(List<Long> patientIds, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(AuditAction.EXPORT,
                DataCategory.DISCLOSURES, id, RESOURCE, "patient/" + id)).toList());
        List<Consent> out = new java.util.ArrayList<>();
        for (int i = 0; i < patientIds.size(); i += 1000) {
            out.addAll(consents.ofPatients(patientIds.subList(i, Math.min(patientIds.size(), i + 1000)), since));
        }
        return out;
    }

    /**
     * Criteria of a consent search; any may be null. {@code date}: the consent's period covers the range;
     * {@code identifierValue} (within {@code identifierSystem} when given): the identifier its sender gave.
     */
    public record Search(Long patientId, String status, String category, LocalDate coversFrom, LocalDate coversTo,
                         Instant updatedFrom, Instant updatedTo, String identifierSystem, String identifierValue) {}

    /**
     * Searches consents. For one patient audited as a view of that patient; across patients it needs
     * patient.search and is audited as a search and as a list of the patients shown.
     */
    public List<Consent> search(Search s, int limit) {
        String status = s.status() == null ? null : s.status().strip().toLowerCase(Locale.ROOT);
        if (status != null && !status.equals("active") && !status.equals("revoked")) {
            throw new InvalidRequestException("status", "Status is active or revoked");
        }
        if (s.patientId() != null) {
            gate.open(PatientAccess.view(DataCategory.DISCLOSURES, s.patientId(), RESOURCE, "patient/" + s.patientId()));
            return consents.search(s.patientId(), status, s.category(), s.coversFrom(), s.coversTo(), s.updatedFrom(),
                    s.updatedTo(), s.identifierSystem(), s.identifierValue(), limit);
        }
        List<Consent> found = consents.search(null, status, s.category(), s.coversFrom(), s.coversTo(),
                s.updatedFrom(), s.updatedTo(), s.identifierSystem(), s.identifierValue(), limit);
        gate.search(DataCategory.DISCLOSURES, RESOURCE, "consent search", found.size());
        gate.list(DataCategory.DISCLOSURES, RESOURCE, found.stream().map(Consent::patientId).toList(), "consents found");
        return found;
    }

    /** The active consents of a category that permit a disclosure to the recipient on the day (not audited: callers are). */
    List<Consent> permitting(long patientId, String category, String recipient, LocalDate day) {
        return consents.ofPatient(patientId).stream().filter(c -> c.category().equals(category))
                .filter(c -> c.covers(recipient, day)).toList();
    }

    private Consent find(long consentId) {
        return consents.find(consentId).orElseThrow(() -> new NotFoundException("No consent " + consentId));
    }

    static String category(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("category", "Give the category: one of " + new java.util.TreeSet<>(CATEGORIES));
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!CATEGORIES.contains(v)) {
            throw new InvalidRequestException("category", "Unknown category '" + value.strip() + "'; one of "
                    + new java.util.TreeSet<>(CATEGORIES));
        }
        return v;
    }
}
