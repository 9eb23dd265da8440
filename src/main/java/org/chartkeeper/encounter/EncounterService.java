package org.chartkeeper.encounter;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admissions and visits. Reads and changes pass the {@link AccessGate} like every other access to patient
 * information. The ADT use cases (admit or register a visit, transfer, discharge, and the cancels that undo them)
 * name the encounter by its account number; a cancel restores what the event it cancels changed.
 */
@Service
public class EncounterService {

    public static final Set<String> CLASSES = Set.of("INPATIENT", "OUTPATIENT", "EMERGENCY");

    private final EncounterRepository encounters;
    private final AccessGate gate;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public EncounterService(EncounterRepository encounters, AccessGate gate, Clock clock,
                            ApplicationEventPublisher events) {
        this.events = events;
        this.encounters = encounters;
        this.gate = gate;
        this.clock = clock;
    }

    public List<Encounter> forPatient(long patientId) {
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, patientId, "Encounter", "patient/" + patientId));
        return encounters.forPatient(patientId);
    }

    public Encounter get(long encounterId) {
        Encounter e = encounters.find(encounterId).orElseThrow(() -> new NotFoundException("No encounter with id " + encounterId));
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, e.patientId(), "Encounter", encounterId));
        return e;
    }

    /** The encounter with this account number, if any: an audited view of it. */
    public java.util.Optional<Encounter> byAccount(String accountNumber) {
        if (accountNumber == null || accountNumber.isBlank() || accountNumber.length() > 20) return java.util.Optional.empty();
        var e = encounters.findByAccount(accountNumber.strip());
        e.ifPresent(x -> gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, x.patientId(), "Encounter", x.id())));
        return e;
    }

    /**
     * A patient's encounters whose period overlaps [from, to], optionally of one status or class, newest first:
     * one audited view of the patient's encounters.
     */
    public List<Encounter> search(long patientId, java.time.OffsetDateTime from, java.time.OffsetDateTime to,
                                  String status, String encounterClass, int limit) {
        gate.open(PatientAccess.view(DataCategory.ENCOUNTERS, patientId, "Encounter", "patient/" + patientId));
        return encounters.search(patientId, from, to, status, encounterClass, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * The encounters of many patients for an export, each patient's access recorded as an export (all or none: a
     * patient the user may not see refuses the batch).
     */
    public List<Encounter> exportFor(List<Long> patientIds, java.time.OffsetDateTime changedSince) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(org.chartkeeper.audit.AuditAction.EXPORT,
                DataCategory.ENCOUNTERS, id, "Encounter", "patient/" + id)).toList());
        return encounters.forPatients(patientIds, changedSince);
    }

    /** Where the patient of this encounter is now (audited as a view of the encounter). */
    public String location(long encounterId) {
        Encounter e = get(encounterId);
        return encounters.place(e.id()).location();
    }

    public long count() {
        return encounters.count();
    }

    // ------------------------------------------------------------------ ADT use cases

    /**
     * Many visits of one patient at once (an import of another system's record): new account numbers are inserted
     * in one batch, each an audited creation recorded together; account numbers the patient already has are updated
     * as {@link #recordVisit} does. Returns the encounter id of each visit, in order.
     */
    @Transactional
    public List<Long> importVisits(long patientId, List<Visit> visits) {
        if (visits.isEmpty()) return List.of();
        List<String> accounts = new java.util.ArrayList<>(visits.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            String account = account(v.accountNumber());
            if (!seen.add(account)) {
                throw new InvalidRequestException("accountNumber", "Account number " + account + " is given twice");
            }
            if (v.encounterClass() != null && !CLASSES.contains(v.encounterClass())) {
                throw new InvalidRequestException("encounterClass", "Encounter class is one of " + CLASSES);
            }
            if (v.admitAt() == null) throw new InvalidRequestException("admitAt", "A visit needs its start");
            check("department", v.department(), 100);
            check("dischargeDisposition", v.dischargeDisposition(), 60);
            accounts.add(account);
        }
        java.util.Map<String, Long> existing = encounters.ids(accounts);
        List<Integer> fresh = new java.util.ArrayList<>();
        for (int i = 0; i < visits.size(); i++) if (!existing.containsKey(accounts.get(i))) fresh.add(i);
        gate.openAll(fresh.stream().map(i -> PatientAccess.of(AuditAction.CREATE, DataCategory.ENCOUNTERS, patientId,
                "Encounter", accounts.get(i))).toList());
        OffsetDateTime now = now();
        java.util.Map<String, Long> attending = new java.util.HashMap<>();
        List<Object[]> rows = new java.util.ArrayList<>(fresh.size());
        for (int i : fresh) {
            Visit v = visits.get(i);
            Long provider = v.attendingNpi() == null ? null
                    : attending.computeIfAbsent(v.attendingNpi(), npi -> encounters.provider(npi, v.attendingName()));
            rows.add(new Object[] {patientId, accounts.get(i), v.encounterClass() == null ? "OUTPATIENT" : v.encounterClass(),
                    v.dischargeAt() != null ? "finished" : "in-progress", utc(v.admitAt()),
                    v.dischargeAt() == null ? null : utc(v.dischargeAt()), provider, v.department(),
                    v.dischargeDisposition(), v.location(), now});
        }
        java.util.Map<String, Long> ids = new java.util.HashMap<>(encounters.insertAll(rows));
        for (int i = 0; i < visits.size(); i++) {
            if (existing.containsKey(accounts.get(i))) {
                Visit v = visits.get(i);
                ids.put(accounts.get(i), recordVisit(patientId, v, v.dischargeAt() != null ? "finished" : null).id());
            }
        }
        return accounts.stream().map(ids::get).toList();
    }

    /**
     * Creates the visit with this account number for the patient, or updates it with what is given (an admission,
     * a pre-admission, a registration, an update, a change of class). {@code status} is planned, in-progress or
     * finished. Refused if the account number belongs to another patient's encounter.
     */
    @Transactional
    public Encounter recordVisit(long patientId, Visit visit, String status) {
        return recordVisit(patientId, visit, status, Likely.EITHER);
    }

    /** What the caller expects of a visit it records: that it is new, that it exists, or either. */
    public enum Likely { NEW, EXISTING, EITHER }

    /**
     * As {@link #recordVisit(long, Visit, String)}, with what the caller expects. On PostgreSQL a visit expected
     * {@link Likely#NEW} (an interface's admission of a patient registered just now) is inserted first, which writes
     * nothing if the account number exists, and one expected {@link Likely#EXISTING} (an update) is updated first,
     * which changes nothing unless the patient has a visit of that account; only when that did nothing is the account
     * looked up, and all goes on as for any visit (one round trip less for the usual admission and update).
     */
    @Transactional
    public Encounter recordVisit(long patientId, Visit visit, String status, Likely likely) {
        String account = account(visit.accountNumber());
        String encounterClass = visit.encounterClass();
        if (encounterClass != null && !CLASSES.contains(encounterClass)) {
            throw new InvalidRequestException("encounterClass", "Encounter class is one of " + CLASSES);
        }
        check("location", visit.location(), 200);
        check("department", visit.department(), 100);
        check("dischargeDisposition", visit.dischargeDisposition(), 60);
        if (likely == Likely.EXISTING && encounters.postgres()) {
            EncounterRepository.ProviderRef attending = visit.attendingNpi() == null ? null
                    : encounters.providerRef(visit.attendingNpi(), visit.attendingName());
            var done = encounters.updateByAccount(patientId, account, encounterClass, status,
                    visit.admitAt() == null ? null : utc(visit.admitAt()), attending == null ? null : attending.id(),
                    visit.department(), visit.location(), now());
            if (done.isPresent()) {
                Encounter updated = done.get().after();
                gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, patientId, "Encounter", updated.id()));
                // as below: an update that leaves what chart completion reads as it was is not analysed again
                return analysedAsBefore(done.get().before(), updated) ? updated : publish(updated, "updated");
            }
            // no visit of that account for this patient: as any other visit below
        }
        if (likely == Likely.NEW && encounters.postgres()) {
            OffsetDateTime now = now();
            EncounterRepository.ProviderRef attending = visit.attendingNpi() == null ? null
                    : encounters.providerRef(visit.attendingNpi(), visit.attendingName());
            Long attendingId = attending == null ? null : attending.id();
            Instant admit = visit.admitAt() != null ? visit.admitAt() : clock.instant();
            boolean finished = "finished".equals(status) || visit.dischargeAt() != null;
            String cls = encounterClass == null ? "OUTPATIENT" : encounterClass;
            String st = finished ? "finished" : status == null ? "in-progress" : status;
            OffsetDateTime discharge = visit.dischargeAt() == null ? null : utc(visit.dischargeAt());
            java.util.OptionalLong id = encounters.insertUnlessAccountExists(patientId, account, cls, st, utc(admit),
                    discharge, attendingId, visit.department(), visit.dischargeDisposition(), visit.location(), now);
            if (id.isPresent()) {
                // checked and recorded in the transaction that holds the insert: a refusal rolls it back
                gate.open(PatientAccess.of(AuditAction.CREATE, DataCategory.ENCOUNTERS, patientId, "Encounter", account));
                return publish(new Encounter(id.getAsLong(), patientId, account, cls, st, stored(utc(admit)),
                        discharge == null ? null : stored(discharge), attendingId, attending == null ? null : attending.name(),
                        visit.department(), visit.dischargeDisposition(), 0, stored(now)), "admitted");
            }
            // the account exists: as any other visit below
        }
        var existing = encounters.findByAccount(account);
        if (existing.isPresent() && existing.get().patientId() != patientId) {
            gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, existing.get().patientId(),
                    "Encounter", existing.get().id()));
            throw new InvalidRequestException("accountNumber", "Account number " + account
                    + " belongs to an encounter of another patient");
        }
        OffsetDateTime now = now();
        EncounterRepository.ProviderRef attending = visit.attendingNpi() == null ? null
                : encounters.providerRef(visit.attendingNpi(), visit.attendingName());
        Long attendingId = attending == null ? null : attending.id();
        // the result is built from what was written, not read back (one round trip less per ADT message)
        if (existing.isEmpty()) {
            gate.open(PatientAccess.of(AuditAction.CREATE, DataCategory.ENCOUNTERS, patientId, "Encounter", account));
            Instant admit = visit.admitAt() != null ? visit.admitAt() : clock.instant();
            boolean finished = "finished".equals(status) || visit.dischargeAt() != null;
            String cls = encounterClass == null ? "OUTPATIENT" : encounterClass;
            String st = finished ? "finished" : status == null ? "in-progress" : status;
            OffsetDateTime discharge = visit.dischargeAt() == null ? null : utc(visit.dischargeAt());
            long id = encounters.insert(patientId, account, cls, st, utc(admit), discharge, attendingId,
                    visit.department(), visit.dischargeDisposition(), visit.location(), now);
            return publish(new Encounter(id, patientId, account, cls, st, stored(utc(admit)),
                    discharge == null ? null : stored(discharge), attendingId, attending == null ? null : attending.name(),
                    visit.department(), visit.dischargeDisposition(), 0, stored(now)), "admitted");
        }
        Encounter e = existing.get();
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, patientId, "Encounter", e.id()));
        // an update keeps the status, and an admission does not reopen a discharged visit
        String newStatus = status == null || "finished".equals(e.status()) && "in-progress".equals(status) ? e.status() : status;
        if (!encounters.update(e, encounterClass, newStatus, visit.admitAt() == null ? null : utc(visit.admitAt()),
                attendingId, visit.department(), visit.location(), now)) {
            throw new StaleVersionException("Encounter " + e.id(), e.version());
        }
        Encounter updated = new Encounter(e.id(), e.patientId(), e.accountNumber(), encounterClass != null ? encounterClass : e.encounterClass(),
                newStatus, visit.admitAt() != null ? stored(utc(visit.admitAt())) : e.admitAt(), e.dischargeAt(),
                attending != null ? attendingId : e.attendingProviderId(),
                attending != null ? attending.name() : e.attendingName(),
                visit.department() != null ? visit.department() : e.department(), e.dischargeDisposition(), e.version() + 1,
                stored(now));
        // an update that leaves everything chart completion reads as it was (class, status, admission time, attending;
        // the location and department are not read) is not analysed again: the pass would find what it found before
        return analysedAsBefore(e, updated) ? updated : publish(updated, "updated");
    }

    /** Whether the fields of an encounter that the deficiency rules read are the same in both. */
    static boolean analysedAsBefore(Encounter before, Encounter after) {
        return before.patientId() == after.patientId() && Objects.equals(before.encounterClass(), after.encounterClass())
                && Objects.equals(before.status(), after.status()) && Objects.equals(before.admitAt(), after.admitAt())
                && Objects.equals(before.dischargeAt(), after.dischargeAt())
                && Objects.equals(before.attendingProviderId(), after.attendingProviderId());
    }

    /** Moves the patient of this visit to another location; the one they leave is kept for a cancel. */
    @Transactional
    public Encounter transfer(long patientId, String accountNumber, String location) {
        if (encounters.postgres() && location != null && !location.isBlank() && location.length() <= 200) {
            // one statement: the patient's visit moved and read back; checked and recorded in this transaction (a
            // refusal rolls the move back). Not the patient's visit, or none: as below, which says which.
            var moved = encounters.transferByAccount(patientId, account(accountNumber), location, now());
            if (moved.isPresent()) {
                gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, patientId, "Encounter", moved.get().id()));
                return moved.get();
            }
        }
        Encounter e = open(patientId, accountNumber);
        if (location == null || location.isBlank()) throw new InvalidRequestException("location", "The new location is required");
        check("location", location, 200);
        OffsetDateTime now = now();
        if (!encounters.transfer(e, location, now)) throw new StaleVersionException("Encounter " + e.id(), e.version());
        return changed(e, e.status(), e.dischargeAt(), e.dischargeDisposition(), stored(now));
    }

    /** Undoes the last transfer: the patient is back where they were before it. */
    @Transactional
    public Encounter cancelTransfer(long patientId, String accountNumber) {
        Encounter e = open(patientId, accountNumber);
        var place = encounters.place(e.id());
        if (place.priorLocation() == null) {
            throw new InvalidRequestException("accountNumber", "Encounter " + accountNumber + " has no transfer to cancel");
        }
        OffsetDateTime now = now();
        if (!encounters.move(e, place.priorLocation(), null, now)) throw new StaleVersionException("Encounter " + e.id(), e.version());
        return changed(e, e.status(), e.dischargeAt(), e.dischargeDisposition(), stored(now));
    }

    /** Ends the visit at {@code at}; the status it had is kept for a cancel. */
    @Transactional
    public Encounter discharge(long patientId, String accountNumber, Instant at, String disposition) {
        if (encounters.postgres() && (disposition == null || disposition.length() <= 60)) {
            // one statement, as a transfer; a discharge before the admission matches nothing and is refused below
            Instant when = at != null ? at : clock.instant();
            var discharged = encounters.dischargeByAccount(patientId, account(accountNumber), utc(when), disposition, now());
            if (discharged.isPresent()) {
                gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, patientId, "Encounter",
                        discharged.get().id()));
                return publish(discharged.get(), "discharged");
            }
        }
        Encounter e = open(patientId, accountNumber);
        check("dischargeDisposition", disposition, 60);
        Instant when = at != null ? at : clock.instant();
        if (when.isBefore(e.admitAt())) {
            throw new InvalidRequestException("dischargeAt", "The discharge is before the admission (" + e.admitAt() + ")");
        }
        String prior = "finished".equals(e.status()) ? encounters.place(e.id()).priorStatus() : e.status();
        OffsetDateTime now = now();
        if (!encounters.discharge(e, utc(when), disposition, "finished", prior, now)) {
            throw new StaleVersionException("Encounter " + e.id(), e.version());
        }
        return publish(changed(e, "finished", stored(utc(when)), disposition, stored(now)), "discharged");
    }

    /** Undoes a discharge: the visit is open again with the status it had. */
    @Transactional
    public Encounter cancelDischarge(long patientId, String accountNumber) {
        Encounter e = open(patientId, accountNumber);
        if (e.dischargeAt() == null) {
            throw new InvalidRequestException("accountNumber", "Encounter " + accountNumber + " is not discharged");
        }
        String prior = encounters.place(e.id()).priorStatus();
        OffsetDateTime now = now();
        if (!encounters.discharge(e, null, null, prior == null ? "in-progress" : prior, null, now)) {
            throw new StaleVersionException("Encounter " + e.id(), e.version());
        }
        return publish(changed(e, prior == null ? "in-progress" : prior, null, null, stored(now)), "discharge-cancelled");
    }

    /** Undoes an admission or visit: the encounter stays, as cancelled (entered in error), with its prior status kept. */
    @Transactional
    public Encounter cancelVisit(long patientId, String accountNumber) {
        Encounter e = open(patientId, accountNumber);
        if ("cancelled".equals(e.status())) return e;
        OffsetDateTime now = now();
        if (!encounters.status(e, "cancelled", e.status(), now)) throw new StaleVersionException("Encounter " + e.id(), e.version());
        return publish(changed(e, "cancelled", e.dischargeAt(), e.dischargeDisposition(), stored(now)), "cancelled");
    }

    /** Tells listeners (chart completion) what changed; they run after the commit. */
    private Encounter publish(Encounter e, String change) {
        events.publishEvent(new EncounterChanged(e.id(), e.patientId(), change));
        return e;
    }

    private Encounter open(long patientId, String accountNumber) {
        String account = account(accountNumber);
        Encounter e = encounters.findByAccount(account).orElseThrow(() -> new InvalidRequestException("accountNumber",
                "No encounter with account number " + account));
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.ENCOUNTERS, e.patientId(), "Encounter", e.id()));
        if (e.patientId() != patientId) {
            throw new InvalidRequestException("accountNumber", "Account number " + account + " belongs to an encounter of another patient");
        }
        return e;
    }

    /** The encounter as a version-checked change of {@code e} left it (built, not read back). */
    private static Encounter changed(Encounter e, String status, Instant dischargeAt, String disposition, Instant updatedAt) {
        return new Encounter(e.id(), e.patientId(), e.accountNumber(), e.encounterClass(), status, e.admitAt(),
                dischargeAt, e.attendingProviderId(), e.attendingName(), e.department(), disposition, e.version() + 1,
                updatedAt);
    }

    /** An instant as the database keeps it (microseconds), so a built result equals one read back. */
    private static Instant stored(OffsetDateTime t) {
        return t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static String account(String accountNumber) {
        if (accountNumber == null || accountNumber.isBlank()) {
            throw new InvalidRequestException("accountNumber", "The account number is required");
        }
        String a = accountNumber.strip();
        if (a.length() > 20) throw new InvalidRequestException("accountNumber", "An account number is at most 20 characters");
        return a;
    }

    private static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
