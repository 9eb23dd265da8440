package org.chartkeeper.patient;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.PatientAccessPolicy;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.security.SecretCipher;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The master patient index's use cases. Every read or change of a patient passes the {@link AccessGate}. */
@Service
public class PatientService implements PatientAccessPolicy {

    public static final int SEARCH_LIMIT = 50;
    /** The most patients one bulk registration (a FHIR transaction) may carry. */
    public static final int MAX_BULK = 5_000;

    private final PatientRepository patients;
    private final AccessGate gate;
    private final Clock clock;
    private final SecretCipher cipher;
    private final PermissionService permissions;
    private final AuditService audit;
    private final PatientMatchService matcher;
    private final DuplicateService duplicates;
    private final OverlayDetector overlays;
    private final TransactionTemplate separate;
    private final MatchRepository matchIndex;

    public PatientService(PatientRepository patients, MatchRepository matchIndex, @Lazy AccessGate gate, Clock clock, SecretCipher cipher,
                          PermissionService permissions, AuditService audit, @Lazy PatientMatchService matcher,
                          @Lazy DuplicateService duplicates, @Lazy OverlayDetector overlays,
                          PlatformTransactionManager transactions) {
        this.duplicates = duplicates;
        this.overlays = overlays;
        this.matchIndex = matchIndex;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.separate.setReadOnly(true);
        this.patients = patients;
        this.gate = gate;
        this.clock = clock;
        this.cipher = cipher;
        this.permissions = permissions;
        this.audit = audit;
        this.matcher = matcher;
    }

    public List<Patient> search(PatientSearch criteria) {
        return searchRecords(criteria, SEARCH_LIMIT).stream().map(PatientRecord::patient).toList();
    }

    /**
     * Active patients matching the criteria, with their identifiers, at most {@code limit}: one audited search
     * (the criteria's kinds and the number of results, never their values).
     */
    public List<PatientRecord> searchRecords(PatientSearch criteria, int limit) {
        if (criteria == null || criteria.isEmpty()) {
            throw new InvalidRequestException("name", "Enter a name, a date of birth or an MRN (or an identifier, a phone or an address) to search");
        }
        if (criteria.family() != null && criteria.family().length() > 100
                || criteria.given() != null && criteria.given().length() > 100) {
            throw new InvalidRequestException("name", "Name is too long (at most 100 characters)");
        }
        if (criteria.identifierValue() != null && criteria.identifierValue().length() > 64) {
            throw new InvalidRequestException("identifier", "Identifier is too long (at most 64 characters)");
        }
        int max = Math.max(1, Math.min(limit, 1000));
        List<Patient> found = new ArrayList<>(sameAddress(patients.search(criteria, max), criteria));
        if (found.size() > max) found = found.subList(0, max);
        if (found.size() < max && criteria.soundsLike() && criteria.family() != null && !criteria.exactFamily()) {
            found.addAll(soundsLike(criteria, max - found.size(), found));
        }
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", criteria.describe(), found.size());
        return withIdentifiers(found);
    }

    /**
     * Active patients last changed in [from, to) (either end may be open), oldest change first, at most
     * {@code limit}, with their identifiers: one audited search (a FHIR {@code _lastUpdated} search).
     */
    public List<PatientRecord> changedBetween(java.time.Instant from, java.time.Instant to, int limit) {
        int max = Math.max(1, Math.min(limit, 20_000));
        List<Patient> found = patients.changed(from == null ? null : from.atOffset(java.time.ZoneOffset.UTC),
                to == null ? null : to.atOffset(java.time.ZoneOffset.UTC), max);
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", "criteria: lastUpdated", found.size());
        return withIdentifiers(found);
    }

    /**
     * The patients who hold any of these identifiers (system and value), in the order of the identifiers, with all
     * their identifiers: one audited search. A merged record's identifiers resolve to its survivor.
     */
    public List<PatientRecord> findByIdentifiers(List<Demographics.Identifier> identifiers) {
        List<Patient> found = findPatientsByIdentifiers(identifiers);
        if (found.isEmpty()) return List.of();
        Map<Long, List<PatientIdentifier>> all = patients.identifiers(found.stream().map(Patient::id).toList());
        List<PatientRecord> out = new ArrayList<>(found.size());
        for (Patient p : found) out.add(new PatientRecord(p, all.getOrDefault(p.id(), List.of())));
        return out;
    }

    /**
     * The patients holding any of these identifiers (system and value), in the order of the identifiers, without
     * their identifier lists (one round trip): for a caller that needs only the patient, as an interface message
     * naming the patient of a transfer or discharge.
     */
    public List<Patient> findPatientsByIdentifiers(List<Demographics.Identifier> identifiers) {
        return findHolders(identifiers).stream().map(Holder::patient).toList();
    }

    /**
     * A patient found by identifier, with those of the identifiers searched that it holds (an identifier row of any
     * status; an MRN kept only in the patient row, older data, is not among them).
     */
    public record Holder(Patient patient, List<Demographics.Identifier> held) {
        public boolean holds(Demographics.Identifier x) {
            for (Demographics.Identifier h : held) {
                if (h.system().equals(x.system()) && h.value().equals(x.value())) return true;
            }
            return false;
        }
    }

    /**
     * As {@link #findPatientsByIdentifiers}, each patient with the identifiers searched that it holds, in one round
     * trip: an interface message learns whether it brings an identifier the patient lacks without reading the list.
     */
    public List<Holder> findHolders(List<Demographics.Identifier> identifiers) {
        if (identifiers.isEmpty()) return List.of();
        // the owners are read with their rows (one round trip); nothing of them leaves before the search is audited
        Map<String, Patient> owners = new HashMap<>();
        for (PatientRepository.Owner o : patients.owners(identifiers)) owners.put(o.system() + "|" + o.value(), o.patient());
        Map<Long, Patient> found = new LinkedHashMap<>();
        Map<Long, List<Demographics.Identifier>> held = new HashMap<>();
        for (Demographics.Identifier x : identifiers) {
            Patient owner = owners.get(x.system() + "|" + x.value());
            if (owner == null) continue;
            found.putIfAbsent(owner.id(), owner);
            held.computeIfAbsent(owner.id(), k -> new ArrayList<>()).add(x);
        }
        gate.search(DataCategory.DEMOGRAPHICS, "Patient", "criteria: identifier", found.size());
        found.values().forEach(p -> gate.knowRestricted(p.id(), p.restricted())); // read with the row, just now
        List<Holder> out = new ArrayList<>(found.size());
        for (Patient p : found.values()) out.add(new Holder(p, List.copyOf(held.get(p.id()))));
        return out;
    }

    /** Keeps the patients whose standardized street address starts with the one searched (St = Street, ...). */
    private static List<Patient> sameAddress(List<Patient> found, PatientSearch criteria) {
        if (criteria.address() == null) return found;
        String wanted = org.chartkeeper.patient.match.AddressStandardizer.standardize(criteria.address());
        if (wanted == null) return List.of();
        return found.stream().filter(p -> {
            String a = org.chartkeeper.patient.match.AddressStandardizer.standardize(p.addressLine());
            return a != null && (a.equals(wanted) || a.startsWith(wanted + " "));
        }).toList();
    }

    /**
     * Names that sound like the one searched (Double Metaphone of the standardized name, through the match index's
     * name keys): Smyth finds Smith, Jon finds John. Other criteria of the search apply; best spelled first.
     */
    private List<Patient> soundsLike(PatientSearch criteria, int limit, List<Patient> already) {
        if (criteria.mrn() != null || criteria.identifierValue() != null || criteria.phone() != null) return List.of();
        var probe = org.chartkeeper.patient.match.MatchRecord.of(0, new Demographics(criteria.family(), criteria.given(),
                null, null, null, null, null, null, null, null, null, null, List.of()));
        if (probe.familyCode() == null) return List.of();
        List<Long> ids = matchIndex.block(org.chartkeeper.patient.match.BlockingKeys.BROAD + "w:" + probe.familyCode(),
                5000);
        Set<Long> seen = new HashSet<>(already.stream().map(Patient::id).toList());
        var jw = new org.apache.commons.text.similarity.JaroWinklerSimilarity();
        String family = probe.family();
        return patients.findAll(ids.stream().filter(id -> !seen.contains(id)).toList()).stream()
                .filter(p -> "active".equals(p.status()))
                .filter(p -> criteria.bornFrom() == null || !p.birthDate().isBefore(criteria.bornFrom()))
                .filter(p -> criteria.bornTo() == null || !p.birthDate().isAfter(criteria.bornTo()))
                .filter(p -> {
                    if (criteria.given() == null) return true;
                    var r = org.chartkeeper.patient.match.MatchRecord.of(0, new Demographics(p.familyName(),
                            p.givenName(), null, null, null, null, null, null, null, null, null, null, List.of()));
                    return java.util.Objects.equals(r.givenCode(), probe.givenCode())
                            || r.given() != null && probe.given() != null && r.given().startsWith(probe.given());
                })
                .filter(p -> sameAddress(List.of(p), criteria).size() == 1)
                .sorted(java.util.Comparator.comparingDouble((Patient p) -> -jw.apply(family,
                        org.chartkeeper.patient.match.MatchRecord.of(0, new Demographics(p.familyName(), p.givenName(),
                                null, null, null, null, null, null, null, null, null, null, List.of())).family()))
                        .thenComparingLong(Patient::id))
                .limit(limit).toList();
    }

    /** Opens a patient's demographics (audited as a view). */
    public Patient open(long id) {
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "Patient", id));
        return patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
    }

    /**
     * Opens the chart's header, demographics and identifiers under one audited view, and says whether the user sees
     * it only through emergency (break-the-glass) access.
     */
    public PatientChart chart(long id) {
        // the row first (restriction flag included), shown only once the gate has decided on that flag and recorded it
        Optional<Patient> row = patients.find(id);
        PatientAccess view = PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "Patient", id);
        if (row.isEmpty()) {
            gate.openChecked(view); // records the miss and throws
            throw new PatientNotFoundException(id);
        }
        AccessGate.Opened opened = gate.openChecked(view, row.get().restricted());
        return new PatientChart(row.get(), patients.identifiers(id), opened.emergency());
    }

    /** One batch of an export: the patients exported, those the user may not see (left out), and where to go on. */
    public record ExportBatch(List<PatientRecord> records, List<Long> refused, long lastId) {
        public boolean done() {
            return records.isEmpty() && refused.isEmpty();
        }
    }

    /**
     * One batch of an export of the whole index (FHIR bulk data, the EHI export): active patients after
     * {@code afterId} in id order with their identifiers. Each patient's access is decided and recorded as an export;
     * patients the user may not see (restricted charts) are left out and named in {@code refused}.
     */
    public ExportBatch exportBatch(long afterId, int limit) {
        List<Patient> batch = patients.page(afterId, Math.max(1, Math.min(limit, 5000)), null);
        if (batch.isEmpty()) return new ExportBatch(List.of(), List.of(), afterId);
        Set<Long> allowed = gate.openPermitted(batch.stream().map(p -> PatientAccess.of(AuditAction.EXPORT,
                DataCategory.DEMOGRAPHICS, p.id(), "Patient", p.id())).toList());
        List<Patient> shown = batch.stream().filter(p -> allowed.contains(p.id())).toList();
        List<Long> refused = batch.stream().map(Patient::id).filter(id -> !allowed.contains(id)).toList();
        return new ExportBatch(withIdentifiers(shown), refused, batch.getLast().id());
    }

    /** The patient's demographic changes, newest first (audited as a view of the patient's demographics). */
    public List<PatientHistoryEntry> history(long id) {
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "PatientHistory", id));
        return patients.history(id);
    }

    // ------------------------------------------------------------------------------------------------ registration

    /**
     * Registers one patient: assigns the MRN at the facility (or takes the one given as an identifier of the
     * facility's assigning authority), stores every identifier, the SSN encrypted, and a history entry; audited as
     * a creation. Refused with {@link InvalidRequestException} naming the field.
     */
    @Transactional
    public Patient register(Demographics demographics, RegistrationDetails details) {
        return registerAll(List.of(new NewPatient(demographics, details)), false).getFirst();
    }

    /**
     * Registers many patients in one database transaction with batch inserts: all or none. A refusal names the
     * patient ({@link InvalidRegistrationException#index()}) and the field.
     */
    @Transactional
    public List<Patient> registerAll(List<NewPatient> batch) {
        return registerAll(batch, true);
    }

    private List<Patient> registerAll(List<NewPatient> batch, boolean bulk) {
        CurrentUser user = requireRegistration(batch.size());
        if (batch.isEmpty()) return List.of();
        if (batch.size() > MAX_BULK) {
            throw new InvalidRequestException("entry", "At most " + MAX_BULK + " patients in one registration");
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        List<RegistrationRules.Valid> valid = new ArrayList<>(batch.size());
        Map<String, PatientRepository.Facility> facilities = new HashMap<>();
        List<PatientRepository.Facility> facilityOf = new ArrayList<>(batch.size());
        List<String> givenMrn = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            final int index = i;
            NewPatient p = batch.get(i);
            RegistrationRules.Valid v = entry(bulk, i, () -> RegistrationRules.check(p.demographics(), p.details(), today));
            PatientRepository.Facility f = facilities.computeIfAbsent(String.valueOf(v.facilityCode()),
                    k -> patients.facility(v.facilityCode()).orElse(null));
            if (f == null) {
                entry(bulk, index, () -> {
                    throw new InvalidRequestException("facilityCode", v.facilityCode() == null
                            ? "No facility is set up to register patients" : "Unknown facility " + v.facilityCode());
                });
            }
            String mrn = v.identifiers().stream().filter(id -> id.system().equals(f.assigningAuthority()))
                    .map(Demographics.Identifier::value).findFirst().orElse(null);
            if (mrn != null && mrn.length() > 20) {
                entry(bulk, index, () -> {
                    throw new InvalidRequestException("identifiers", "An MRN is at most 20 characters");
                });
            }
            valid.add(v);
            facilityOf.add(f);
            givenMrn.add(mrn);
        }
        checkNoIdentifierTwice(valid, bulk);
        int toAssign = (int) givenMrn.stream().filter(Objects::isNull).count();
        // one patient (the desk, an interface message): the number is drawn in the insert itself
        boolean assignInInsert = valid.size() == 1 && toAssign == 1;
        List<Long> numbers = toAssign == 0 || assignInInsert ? List.of() : patients.nextMrnNumbers(toAssign);
        List<PatientRepository.NewRow> rows = new ArrayList<>(batch.size());
        int next = 0;
        for (int i = 0; i < valid.size(); i++) {
            RegistrationRules.Valid v = valid.get(i);
            String mrn = givenMrn.get(i) != null ? givenMrn.get(i) : assignInInsert ? null
                    : String.format("M%08d", numbers.get(next++));
            String ssn = v.ssnDigits();
            rows.add(new PatientRepository.NewRow(facilityOf.get(i).code(), mrn, v,
                    ssn == null ? null : ssn.substring(5), ssn == null ? null : cipher.encrypt(ssn)));
        }
        List<Long> ids;
        List<PatientRepository.NewIdentifier> identifierRows = new ArrayList<>(rows.size() * 2);
        List<PatientRepository.NewHistory> historyRows = new ArrayList<>(rows.size());
        try {
            boolean alongWritten = false;
            if (assignInInsert) {
                PatientRepository.NewRow r = rows.getFirst();
                String authority = facilityOf.getFirst().assigningAuthority();
                List<PatientRepository.NewIdentifier> others = new ArrayList<>();
                for (Demographics.Identifier x : r.v().identifiers()) {
                    if (!x.system().equals(authority)) others.add(new PatientRepository.NewIdentifier(0, x.system(), x.value(), x.typeCode()));
                }
                // on PostgreSQL the identifiers and the history entry go in the insert's own statement
                PatientRepository.Inserted one = patients.insertAssigningMrn(r, now, new PatientRepository.Along(
                        authority, others, user.username(), registeredNote(r, r.facilityCode())));
                ids = List.of(one.id());
                alongWritten = one.alongWritten();
                rows.set(0, new PatientRepository.NewRow(r.facilityCode(), one.mrn(), r.v(), r.ssnLast4(), r.ssnEncrypted()));
            } else {
                ids = patients.insertAll(rows, now);
            }
            for (int i = 0; i < rows.size() && !alongWritten; i++) {
                long id = ids.get(i);
                PatientRepository.NewRow r = rows.get(i);
                String authority = facilityOf.get(i).assigningAuthority();
                identifierRows.add(new PatientRepository.NewIdentifier(id, authority, r.mrn(), "MR"));
                for (Demographics.Identifier x : r.v().identifiers()) {
                    if (x.system().equals(authority)) continue; // the MRN, stored above
                    identifierRows.add(new PatientRepository.NewIdentifier(id, x.system(), x.value(), x.typeCode()));
                }
                historyRows.add(new PatientRepository.NewHistory(id, user.username(), "registered", null,
                        registeredNote(r, r.facilityCode()) + r.mrn()));
            }
            patients.insertIdentifiers(identifierRows, now);
            patients.insertHistory(historyRows, now);
        } catch (DuplicateKeyException e) {
            // Optimistic: the unique keys refuse an identifier or MRN that is taken. The transaction is spoilt (on
            // PostgreSQL), so say which patient and identifier from a fresh one; this one rolls back.
            explainTaken(valid, facilityOf, givenMrn, bulk);
            throw new InvalidRequestException("identifiers",
                    "An identifier or MRN given is already assigned to another patient (registered meanwhile)");
        }
        ids.forEach(id -> gate.knowRestricted(id, false)); // registered just now, unrestricted
        if (bulk) {
            gate.openAll(ids.stream().map(id -> PatientAccess.of(AuditAction.CREATE, DataCategory.DEMOGRAPHICS, id,
                    "Patient", id)).toList());
        } else {
            gate.open(PatientAccess.of(AuditAction.CREATE, DataCategory.DEMOGRAPHICS, ids.getFirst(), "Patient",
                    ids.getFirst()));
        }
        duplicates.checkAfterCommit(ids); // a new patient is matched at once
        List<Patient> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            PatientRepository.NewRow r = rows.get(i);
            RegistrationRules.Valid v = r.v();
            out.add(new Patient(ids.get(i), r.facilityCode(), r.mrn(), v.family(), v.given(), v.middle(), v.birthDate(),
                    v.sex(), v.addressLine(), v.city(), v.state(), v.postalCode(), v.phone(), v.email(), r.ssnLast4(),
                    false, now.toInstant(), now.toInstant(), 0, v.language(), v.race(), v.ethnicity(), "active", null));
        }
        return out;
    }

    /** What {@link #registerUnlessKnown} did: registered a patient, or found people who may be this one. */
    public record RegistrationOutcome(Patient registered, List<LikelyMatch> likelyMatches) {
        public boolean created() {
            return registered != null;
        }
    }

    /**
     * Registration as the desk does it: checks the input, then looks for existing patients who may be this person;
     * if there are any and the user has not confirmed that this is a new person, registers nothing and returns them.
     */
    @Transactional
    public RegistrationOutcome registerUnlessKnown(Demographics demographics, RegistrationDetails details,
                                                   boolean confirmedNew) {
        requireRegistration(1);
        RegistrationRules.check(demographics, details, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (!confirmedNew) {
            List<LikelyMatch> likely = likelyMatches(demographics, 10, false);
            if (!likely.isEmpty()) return new RegistrationOutcome(null, likely);
        }
        return new RegistrationOutcome(registerAll(List.of(new NewPatient(demographics, details)), false).getFirst(),
                List.of());
    }

    /** The history entry of a registration, up to its MRN, which ends it. */
    private static String registeredNote(PatientRepository.NewRow r, String facilityCode) {
        return "registered" + (r.v().source() == null ? "" : " through " + r.v().source()) + " at " + facilityCode
                + " with MRN ";
    }

    /** A facility that registers patients (its MRNs are assigned under its assigning authority). */
    public record FacilityView(String code, String name, String assigningAuthority, java.time.Instant updatedAt) {}

    public List<FacilityView> facilities() {
        return patients.facilitiesChanged();
    }

    /** The identifiers, with the MRN, of patients just registered (no second audit: the caller made them). */
    public Map<Long, List<PatientIdentifier>> identifiersOfRegistered(List<Patient> registered) {
        return patients.identifiers(registered.stream().map(Patient::id).toList());
    }

    /**
     * Existing active patients who may be this person, best first, at most {@code limit}: audited as one search.
     * {@code onlyCertain} keeps only certain matches (FHIR $match onlyCertainMatches).
     */
    public List<LikelyMatch> likelyMatches(Demographics person, int limit, boolean onlyCertain) {
        if (person == null || person.familyName() == null || person.familyName().isBlank()) {
            throw new InvalidRequestException("familyName", "Family name is required to look for matches");
        }
        if (person.givenName() == null || person.givenName().isBlank()) {
            throw new InvalidRequestException("givenName", "Given name is required to look for matches");
        }
        int n = Math.max(1, Math.min(limit, 100));
        List<MatchResult> results = (onlyCertain ? matcher.findCertainMatches(person, n) : matcher.findMatches(person, n)).stream()
                .filter(r -> r.grade() != MatchGrade.CERTAINLY_NOT)
                .filter(r -> !onlyCertain || r.grade() == MatchGrade.CERTAIN)
                .limit(n).toList();
        Map<Long, Patient> found = patients.findAll(results.stream().map(MatchResult::patientId).toList()).stream()
                .filter(p -> !p.merged()).collect(Collectors.toMap(Patient::id, Function.identity()));
        Map<Long, List<PatientIdentifier>> ids = patients.identifiers(found.keySet());
        List<LikelyMatch> out = new ArrayList<>();
        for (MatchResult r : results) {
            Patient p = found.get(r.patientId());
            if (p != null) out.add(new LikelyMatch(new PatientRecord(p, ids.getOrDefault(p.id(), List.of())), r));
        }
        return out; // the matcher recorded the search
    }

    /** Registration needs patient.write; a refusal is recorded before anything is stored. */
    private CurrentUser requireRegistration(int count) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, Permissions.PATIENT_WRITE)) {
            audit.record(new AuditEntry(AuditAction.CREATE, DataCategory.DEMOGRAPHICS, AuditOutcome.DENIED, null,
                    "Patient", null, null, "registration of " + count + " patient(s) refused: no patient.write"));
            throw new AccessDeniedException("Your role may not register patients");
        }
        return user;
    }

    /** The same identifier on two patients of one registration is refused naming the second. */
    private static void checkNoIdentifierTwice(List<RegistrationRules.Valid> valid, boolean bulk) {
        Map<String, Integer> firstUse = new HashMap<>();
        for (int i = 0; i < valid.size(); i++) {
            final int index = i;
            for (Demographics.Identifier id : valid.get(i).identifiers()) {
                Integer earlier = firstUse.putIfAbsent(id.system() + "|" + id.value(), i);
                if (earlier != null && earlier != i) {
                    entry(bulk, index, () -> {
                        throw new InvalidRequestException("identifiers", "The identifier " + id.system() + "|"
                                + id.value() + " is also given for patient " + (earlier + 1) + " of this registration");
                    });
                }
            }
        }
    }

    /** Names the first patient of a refused registration whose identifier or MRN is taken (read in a new transaction). */
    private void explainTaken(List<RegistrationRules.Valid> valid, List<PatientRepository.Facility> facilities,
                              List<String> givenMrn, boolean bulk) {
        separate.executeWithoutResult(status -> checkIdentifiersFree(valid, facilities, givenMrn, bulk));
    }

    private void checkIdentifiersFree(List<RegistrationRules.Valid> valid, List<PatientRepository.Facility> facilities,
                                      List<String> givenMrn, boolean bulk) {
        List<Demographics.Identifier> all = new ArrayList<>();
        Map<String, Integer> firstUse = new LinkedHashMap<>();
        for (int i = 0; i < valid.size(); i++) {
            for (Demographics.Identifier id : valid.get(i).identifiers()) {
                firstUse.putIfAbsent(id.system() + "|" + id.value(), i);
                all.add(id);
            }
        }
        Map<String, Long> owners = all.isEmpty() ? Map.of() : patients.identifierOwners(all);
        Set<String> taken = new HashSet<>(owners.keySet());
        for (Map.Entry<String, Integer> e : firstUse.entrySet()) {
            if (taken.contains(e.getKey())) {
                entry(bulk, e.getValue(), () -> {
                    throw new InvalidRequestException("identifiers",
                            "The identifier " + e.getKey() + " already belongs to patient " + owners.get(e.getKey()));
                });
            }
        }
        for (int i = 0; i < valid.size(); i++) {
            final int index = i;
            if (givenMrn.get(i) != null && patients.mrnTaken(facilities.get(i).code(), givenMrn.get(i))) {
                entry(bulk, index, () -> {
                    throw new InvalidRequestException("identifiers", "The MRN " + givenMrn.get(index)
                            + " is already assigned at " + facilities.get(index).code());
                });
            }
        }
    }

    private static <T> T entry(boolean bulk, int index, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidRegistrationException e) {
            throw e;
        } catch (InvalidRequestException e) {
            if (!bulk) throw e;
            throw new InvalidRegistrationException(index, e.field(), e.getMessage());
        }
    }

    private List<PatientRecord> withIdentifiers(List<Patient> found) {
        Map<Long, List<PatientIdentifier>> ids = patients.identifiers(found.stream().map(Patient::id).toList());
        return found.stream().map(p -> new PatientRecord(p, ids.getOrDefault(p.id(), List.of()))).toList();
    }

    // ------------------------------------------------------------------------------------------------ changes

    /**
     * Changes address and contact details; refused with 409 if the patient changed since {@code expectedVersion}.
     * Each changed part (address, phone, email) is kept in the patient's history with the value it replaced.
     */
    @Transactional
    public Patient updateContact(long id, int expectedVersion, ContactChange change) {
        return updateContact(id, expectedVersion, change, null);
    }

    /**
     * The same, for a caller that has just read the patient's row in this transaction (an interface message): that
     * row is the one changed, and the version check of the update proves it current, so it is not read again.
     */
    public Patient updateContact(Patient current, ContactChange change) {
        return updateContact(current.id(), current.version(), change, current);
    }

    private Patient updateContact(long id, int expectedVersion, ContactChange change, Patient known) {
        change.validate();
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, id, "Patient", id));
        Patient before = known != null && known.id() == id && known.version() == expectedVersion ? known
                : patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String state = blank(change.state());
        String addressLine = blank(change.addressLine());
        String city = blank(change.city());
        String upperState = state == null ? null : state.toUpperCase(java.util.Locale.ROOT);
        String postalCode = blank(change.postalCode());
        String phone = blank(change.phone());
        String email = blank(change.email());
        // the version check proves the row was as read: the result is built, not read back, when the read was current
        Patient built = new Patient(before.id(), before.facilityCode(), before.mrn(), before.familyName(),
                before.givenName(), before.middleName(), before.birthDate(), before.sex(), addressLine, city, upperState,
                postalCode, phone, email, before.ssnLast4(), before.restricted(), before.createdAt(), stored(now),
                before.version() + 1, before.language(), before.race(), before.ethnicity(), before.status(),
                before.mergedInto());
        String who = CurrentUser.require().username();
        List<PatientRepository.NewHistory> changes = contactChanges(who, before, built);
        Patient after;
        if (before.version() == expectedVersion) {
            // the change and its history in one statement (PostgreSQL)
            if (!patients.updateContactWithHistory(id, expectedVersion, addressLine, city, upperState, postalCode, phone,
                    email, now, changes)) {
                throw new StaleVersionException("Patient " + id, expectedVersion);
            }
            after = built;
        } else {
            int n = patients.updateContact(id, expectedVersion, addressLine, city, upperState, postalCode, phone, email, now);
            if (n == 0) throw new StaleVersionException("Patient " + id, expectedVersion);
            after = patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
            changes = contactChanges(who, before, after);
            patients.insertHistory(changes, now);
        }
        if (!changes.isEmpty()) duplicates.checkAfterCommit(List.of(id));
        return after;
    }

    /** The history entries of a contact change: address, phone and e-mail, each if it changed. */
    private static List<PatientRepository.NewHistory> contactChanges(String who, Patient before, Patient after) {
        List<PatientRepository.NewHistory> changes = new ArrayList<>();
        String oldAddress = address(before);
        String newAddress = address(after);
        if (!Objects.equals(oldAddress, newAddress)) {
            changes.add(new PatientRepository.NewHistory(before.id(), who, "address", oldAddress, newAddress));
        }
        if (!Objects.equals(before.phone(), after.phone())) {
            changes.add(new PatientRepository.NewHistory(before.id(), who, "phone", before.phone(), after.phone()));
        }
        if (!Objects.equals(before.email(), after.email())) {
            changes.add(new PatientRepository.NewHistory(before.id(), who, "email", before.email(), after.email()));
        }
        return changes;
    }

    /**
     * Corrects the identity fields (names, date of birth, sex), refused with 409 if the patient changed since
     * {@code expectedVersion}. Every changed field is kept in the history with the value it replaced and the reason.
     * A change that makes the record look like another person (the name together with the date of birth or sex) is
     * flagged as a possible overlay for review; the corrected patient is matched again against the index.
     */
    @Transactional
    public Patient correctDemographics(long id, int expectedVersion, DemographicCorrection change) {
        change.validate(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, id, "Patient", id));
        Patient before = patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        if (before.merged()) {
            throw new InvalidRequestException("id", "Patient " + id + " was merged into " + before.mergedInto()
                    + "; correct the surviving record");
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String middle = blank(change.middleName());
        String sex = change.sex().strip().toLowerCase(java.util.Locale.ROOT);
        int n = patients.updateIdentity(id, expectedVersion, change.familyName().strip(), change.givenName().strip(),
                middle, change.birthDate(), sex, now);
        if (n == 0) throw new StaleVersionException("Patient " + id, expectedVersion);
        Patient after = before.version() == expectedVersion
                ? new Patient(before.id(), before.facilityCode(), before.mrn(), change.familyName().strip(),
                        change.givenName().strip(), middle, change.birthDate(), sex, before.addressLine(), before.city(),
                        before.state(), before.postalCode(), before.phone(), before.email(), before.ssnLast4(),
                        before.restricted(), before.createdAt(), stored(now), before.version() + 1, before.language(),
                        before.race(), before.ethnicity(), before.status(), before.mergedInto())
                : patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        String who = CurrentUser.require().username();
        String because = " (reason: " + change.reason().strip() + ")";
        List<PatientRepository.NewHistory> changes = new ArrayList<>();
        String oldName = before.displayName();
        String newName = after.displayName();
        if (!oldName.equals(newName)) {
            changes.add(new PatientRepository.NewHistory(id, who, "name", oldName, newName + because));
        }
        if (!Objects.equals(before.birthDate(), after.birthDate())) {
            changes.add(new PatientRepository.NewHistory(id, who, "birthDate", String.valueOf(before.birthDate()),
                    after.birthDate() + because));
        }
        if (!Objects.equals(before.sex(), after.sex())) {
            changes.add(new PatientRepository.NewHistory(id, who, "sex", before.sex(), after.sex() + because));
        }
        if (changes.isEmpty()) return before; // nothing changed: the version stays as read
        patients.insertHistory(changes, now);
        boolean flagged = overlays.check(id, identity(before), identity(after));
        duplicates.checkAfterCommit(List.of(id));
        return flagged ? patients.find(id).orElseThrow(() -> new PatientNotFoundException(id)) : after;
    }

    /** An instant as the database keeps it (microseconds), so a built result equals one read back. */
    private static java.time.Instant stored(OffsetDateTime t) {
        return t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * Adds identifiers another system knows the patient by (an interface feed's own numbers); identifiers the patient
     * already has are skipped, one that belongs to another patient is refused naming it. Kept in the history.
     */
    @Transactional
    public Patient addIdentifiers(long id, List<Demographics.Identifier> identifiers, String source) {
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, id, "PatientIdentifier", id));
        Patient p = patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        if (p.merged()) {
            throw new InvalidRequestException("id", "Patient " + id + " was merged into " + p.mergedInto());
        }
        if (identifiers.isEmpty()) return p;
        Map<String, Long> owners = patients.identifierOwners(identifiers);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String who = CurrentUser.require().username();
        List<PatientRepository.NewIdentifier> rows = new ArrayList<>();
        List<PatientRepository.NewHistory> history = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Demographics.Identifier x : identifiers) {
            String key = x.system() + "|" + x.value();
            if (!seen.add(key)) continue;
            Long owner = owners.get(key);
            if (owner != null && owner == id) continue;
            if (owner != null) {
                throw new InvalidRequestException("identifiers", "The identifier " + key + " already belongs to patient " + owner);
            }
            if (x.value().length() > 64 || x.system().length() > 120) {
                throw new InvalidRequestException("identifiers", "An identifier is at most 64 characters, its system 120");
            }
            String type = x.typeCode() == null ? "PI" : x.typeCode();
            rows.add(new PatientRepository.NewIdentifier(id, x.system(), x.value(), type));
            history.add(new PatientRepository.NewHistory(id, who, "identifier", null,
                    type + " " + key + (source == null ? "" : " (from " + source + ")")));
        }
        patients.insertIdentifiers(rows, now);
        patients.insertHistory(history, now);
        return p;
    }

    /**
     * Changes one of the patient's identifiers to another (HL7 A47): the row keeps its history, the MRN follows when
     * the identifier is the facility's MRN. Refused if the new identifier belongs to another patient.
     */
    @Transactional
    public Patient changeIdentifier(long id, Demographics.Identifier from, Demographics.Identifier to, String reason) {
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, id, "PatientIdentifier", id));
        Patient p = patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
        if (to.value().length() > 64 || to.system().length() > 120) {
            throw new InvalidRequestException("identifier", "An identifier is at most 64 characters, its system 120");
        }
        Long owner = patients.identifierOwners(List.of(to)).get(to.system() + "|" + to.value());
        if (owner != null && owner != id) {
            throw new InvalidRequestException("identifier", "The identifier " + to.system() + "|" + to.value()
                    + " already belongs to patient " + owner);
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (owner == null) {
            int n = patients.replaceIdentifier(id, from.system(), from.value(), to.system(), to.value(),
                    to.typeCode() == null ? "PI" : to.typeCode());
            if (n == 0) {
                throw new InvalidRequestException("identifier", "Patient " + id + " has no identifier "
                        + from.system() + "|" + from.value());
            }
            Optional<PatientRepository.Facility> facility = patients.facility(p.facilityCode());
            if (facility.isPresent() && facility.get().assigningAuthority().equals(from.system())
                    && from.value().equals(p.mrn())) {
                if (!facility.get().assigningAuthority().equals(to.system()) || to.value().length() > 20) {
                    throw new InvalidRequestException("identifier", "The MRN can change only to another MRN of "
                            + p.facilityCode() + " (at most 20 characters)");
                }
                patients.replaceMrn(id, from.value(), to.value(), now);
            }
        }
        patients.insertHistory(List.of(new PatientRepository.NewHistory(id, CurrentUser.require().username(),
                "identifier", from.system() + "|" + from.value(), to.system() + "|" + to.value()
                + (reason == null ? "" : " (reason: " + reason + ")"))), now);
        return patients.find(id).orElseThrow(() -> new PatientNotFoundException(id));
    }

    private static Demographics identity(Patient p) {
        return new Demographics(p.familyName(), p.givenName(), p.middleName(), p.birthDate(), p.sex(), null, null,
                null, null, null, null, null, List.of());
    }

    /** A correction of the identity fields, with the reason the registrar gives. */
    public record DemographicCorrection(String familyName, String givenName, String middleName, LocalDate birthDate,
                                        String sex, String reason) {
        void validate(LocalDate today) {
            if (familyName == null || familyName.isBlank()) {
                throw new InvalidRequestException("familyName", "Family name is required");
            }
            if (givenName == null || givenName.isBlank()) {
                throw new InvalidRequestException("givenName", "Given name is required");
            }
            ContactChange.check("familyName", familyName, 100);
            ContactChange.check("givenName", givenName, 100);
            ContactChange.check("middleName", middleName, 100);
            if (birthDate == null) throw new InvalidRequestException("birthDate", "Date of birth is required");
            if (birthDate.isAfter(today)) {
                throw new InvalidRequestException("birthDate", "Date of birth cannot be in the future");
            }
            if (birthDate.isBefore(today.minusYears(130))) {
                throw new InvalidRequestException("birthDate", "Date of birth is more than 130 years ago");
            }
            if (sex == null || !List.of("female", "male", "other", "unknown")
                    .contains(sex.strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidRequestException("sex", "Sex is one of female, male, other, unknown");
            }
            if (reason == null || reason.isBlank()) {
                throw new InvalidRequestException("reason", "Give the reason for the correction (what document shows it)");
            }
            ContactChange.check("reason", reason, 500);
        }
    }

    private static String address(Patient p) {
        String s = java.util.stream.Stream.of(p.addressLine(), p.city(),
                        java.util.stream.Stream.of(p.state(), p.postalCode()).filter(Objects::nonNull)
                                .collect(Collectors.joining(" ")))
                .filter(x -> x != null && !x.isBlank()).collect(Collectors.joining(", "));
        return s.isEmpty() ? null : s;
    }

    public record ContactChange(String addressLine, String city, String state, String postalCode, String phone,
                                String email) {
        // compiled once: String.matches compiled each pattern anew on every call, for every HL7 A08 and form
        private static final java.util.regex.Pattern STATE = java.util.regex.Pattern.compile("[A-Za-z]{2}");
        private static final java.util.regex.Pattern ZIP = java.util.regex.Pattern.compile("\\d{5}(-\\d{4})?");
        private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        void validate() {
            check("addressLine", addressLine, 200);
            check("city", city, 100);
            if (state != null && !state.isBlank() && !STATE.matcher(state.strip()).matches()) {
                throw new InvalidRequestException("state", "State must be a two-letter code");
            }
            if (postalCode != null && !postalCode.isBlank() && !ZIP.matcher(postalCode.strip()).matches()) {
                throw new InvalidRequestException("postalCode", "ZIP code must be 5 digits or ZIP+4");
            }
            if (phone != null && !phone.isBlank() && RegistrationRules.digits(phone).length() != 10) {
                throw new InvalidRequestException("phone", "Phone must have 10 digits");
            }
            check("phone", phone, 30);
            if (email != null && !email.isBlank() && !EMAIL.matcher(email.strip()).matches()) {
                throw new InvalidRequestException("email", "Email address is not valid");
            }
            check("email", email, 200);
        }

        private static void check(String field, String value, int max) {
            if (value != null && value.length() > max) {
                throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
            }
        }
    }

    public long count() {
        return patients.count();
    }

    @Override
    public Optional<Boolean> restricted(long patientId) {
        return patients.restricted(patientId);
    }

    @Override
    public Map<Long, Boolean> restricted(java.util.Collection<Long> patientIds) {
        return patients.restricted(patientIds);
    }

    @Override
    public boolean inCareOf(long userId, long patientId) {
        return patients.inCareOf(userId, patientId);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
