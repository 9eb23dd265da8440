package org.chartkeeper.interop.hl7v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.encounter.Visit;
import org.chartkeeper.patient.Demographics;
import org.chartkeeper.patient.LikelyMatch;
import org.chartkeeper.patient.MatchGrade;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientMergeService;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.patient.RegistrationDetails;
import org.springframework.stereotype.Component;

/**
 * Applies an ADT event through the patient index and the encounter services, inside the caller's transaction.
 *
 * <p>The patient is found by a PID-3 identifier with its assigning authority; failing that, by demographics: only a
 * certain match is linked (the message's identifiers are added to that patient, in its history); anything less
 * registers a new patient, and registration's own duplicate check puts a probable match in the duplicate queue.
 * Demographic changes go through the patient index's correction and contact update, so history, overlay detection and
 * re-matching happen as for a change made on the chart.
 */
@Component
class AdtEventHandler {

    private final PatientService patients;
    private final PatientMergeService merges;
    private final EncounterService encounters;

    AdtEventHandler(PatientService patients, PatientMergeService merges, EncounterService encounters) {
        this.patients = patients;
        this.merges = merges;
        this.encounters = encounters;
    }

    /** What applying the event did, for the message's record (patient ids, never patient data). */
    record Outcome(List<Long> patientIds) {}

    Outcome apply(AdtMessage m) {
        String event = m.header().event();
        String source = "HL7 " + event + " from " + m.header().sender() + " (control id " + m.header().controlId() + ")";
        AdtMessage.PatientPart p = m.patient();
        AdtMessage.VisitPart v = m.visit();
        return switch (event) {
            case "A01" -> visit(m, p, source, "in-progress", null, true);
            case "A04" -> visit(m, p, source, "in-progress", null, false);
            case "A05" -> visit(m, p, source, "planned", null, false);
            case "A06" -> visit(m, p, source, "in-progress", "INPATIENT", true);
            case "A07" -> visit(m, p, source, "in-progress", "OUTPATIENT", true);
            case "A08" -> visit(m, p, source, null, null, false);
            case "A28", "A31" -> new Outcome(List.of(upsert(p, source).patient().id()));
            case "A02" -> {
                long id = existing(p).id();
                String location = v.visit().location();
                if (location == null) {
                    throw new Hl7Problem(Hl7Location.of("PV1", 3), Hl7Problem.REQUIRED_FIELD_MISSING,
                            "PV1-3 (the location the patient is transferred to) is required");
                }
                encounters.transfer(id, account(v), location);
                yield new Outcome(List.of(id));
            }
            case "A03" -> {
                long id = existing(p).id();
                encounters.discharge(id, account(v), v.visit().dischargeAt(), v.visit().dischargeDisposition());
                yield new Outcome(List.of(id));
            }
            case "A11" -> {
                long id = existing(p).id();
                encounters.cancelVisit(id, account(v));
                yield new Outcome(List.of(id));
            }
            case "A12" -> {
                long id = existing(p).id();
                encounters.cancelTransfer(id, account(v));
                yield new Outcome(List.of(id));
            }
            case "A13" -> {
                long id = existing(p).id();
                encounters.cancelDischarge(id, account(v));
                yield new Outcome(List.of(id));
            }
            case "A40" -> merge(m, source);
            case "A47" -> changeIdentifier(m, source);
            default -> throw new Hl7Problem(Hl7Location.of("MSH", 9, 2), Hl7Problem.UNSUPPORTED_EVENT,
                    "Event " + event + " is not taken");
        };
    }

    private Outcome visit(AdtMessage m, AdtMessage.PatientPart p, String source, String status, String forcedClass,
                          boolean visitRequired) {
        Upserted upserted = upsert(p, source);
        Patient patient = upserted.patient();
        AdtMessage.VisitPart v = m.visit();
        if (v.visit().accountNumber() == null) {
            if (visitRequired) {
                throw new Hl7Problem(Hl7Location.of("PID", 18), Hl7Problem.REQUIRED_FIELD_MISSING,
                        "An account number (PID-18 or PV1-19) is required for " + m.header().event());
            }
            return new Outcome(List.of(patient.id()));
        }
        if (!v.present() && visitRequired) {
            throw new Hl7Problem(Hl7Location.of("PV1", 0), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "A PV1 segment is required for " + m.header().event());
        }
        Visit visit = v.visit();
        String encounterClass = forcedClass != null ? forcedClass : visit.encounterClass() == null && visitRequired
                ? "INPATIENT" : visit.encounterClass();
        if (v.present() || status != null) {
            encounters.recordVisit(patient.id(), new Visit(visit.accountNumber(), encounterClass, visit.admitAt(),
                    visit.dischargeAt(), visit.location(), visit.attendingNpi(), visit.attendingName(),
                    visit.department(), visit.dischargeDisposition()), status,
                    upserted.registered() ? EncounterService.Likely.NEW
                            : "A08".equals(m.header().event()) ? EncounterService.Likely.EXISTING : EncounterService.Likely.EITHER);
        }
        return new Outcome(List.of(patient.id()));
    }

    /** The patient of a message, and whether the message registered it. */
    private record Upserted(Patient patient, boolean registered) {}

    /** The patient the PID names, found, linked or registered, with the message's demographics applied. */
    private Upserted upsert(AdtMessage.PatientPart p, String source) {
        requireIdentifier(p);
        List<PatientService.Holder> holders = patients.findHolders(p.identifiers());
        if (!holders.isEmpty()) {
            PatientService.Holder h = holders.getFirst();
            boolean holdsAll = true;
            for (Demographics.Identifier x : p.identifiers()) holdsAll &= h.holds(x);
            if (holdsAll) return new Upserted(update(new PatientRecord(h.patient(), List.of()), List.of(), p, source), false);
            // the message brings an identifier the patient may lack: its whole list decides (an MRN of older data is
            // in the patient row only)
            List<PatientRecord> found = patients.findByIdentifiers(p.identifiers());
            if (!found.isEmpty()) return new Upserted(update(found.getFirst(), p, source), false);
        }
        requireIdentity(p);
        Demographics d = p.demographics();
        List<LikelyMatch> certain = patients.likelyMatches(d, 1, true);
        if (!certain.isEmpty() && certain.getFirst().match().grade() == MatchGrade.CERTAIN) {
            return new Upserted(update(certain.getFirst().record(), p, source + "; linked by a certain demographic match"),
                    false);
        }
        return new Upserted(patients.register(d, new RegistrationDetails(null, p.language(), p.race(), p.ethnicity(), source)),
                true);
    }

    private Patient update(PatientRecord record, AdtMessage.PatientPart p, String source) {
        List<Demographics.Identifier> missing = new ArrayList<>();
        for (Demographics.Identifier x : p.identifiers()) {
            boolean has = record.identifiers().stream().anyMatch(i -> x.system().equals(i.assigningAuthority())
                    && x.value().equals(i.value()));
            if (!has) missing.add(x);
        }
        return update(record, missing, p, source);
    }

    /** The message's demographics applied to the patient, and the identifiers it lacks added. */
    private Patient update(PatientRecord record, List<Demographics.Identifier> missing, AdtMessage.PatientPart p,
                           String source) {
        Patient current = record.patient();
        if (!missing.isEmpty()) patients.addIdentifiers(current.id(), missing, source);
        String family = or(p.familyName(), current.familyName());
        String given = or(p.givenName(), current.givenName());
        String middle = p.familyName() != null || p.givenName() != null ? p.middleName() : current.middleName();
        var birth = p.birthDate() != null ? p.birthDate() : current.birthDate();
        String sex = or(p.sex(), current.sex());
        if (!family.equals(current.familyName()) || !given.equals(current.givenName())
                || !Objects.equals(blank(middle), blank(current.middleName())) || !birth.equals(current.birthDate())
                || !sex.equals(current.sex())) {
            current = patients.correctDemographics(current.id(), current.version(),
                    new PatientService.DemographicCorrection(family, given, middle, birth, sex, source));
        }
        String addressLine = or(p.addressLine(), current.addressLine());
        String city = or(p.city(), current.city());
        String state = or(p.state(), current.state());
        String postal = or(p.postalCode(), current.postalCode());
        String phone = or(p.phone(), current.phone());
        String email = or(p.email(), current.email());
        if (!Objects.equals(addressLine, current.addressLine()) || !Objects.equals(city, current.city())
                || !Objects.equals(state, current.state()) || !Objects.equals(postal, current.postalCode())
                || !samePhone(phone, current.phone()) || !Objects.equals(email, current.email())) {
            current = patients.updateContact(current,
                    new PatientService.ContactChange(addressLine, city, state, postal, phone, email));
        }
        return current;
    }

    private Patient existing(AdtMessage.PatientPart p) {
        requireIdentifier(p);
        List<Patient> found = patients.findPatientsByIdentifiers(p.identifiers());
        if (found.isEmpty()) {
            throw new Hl7Problem(at(p, 3), Hl7Problem.UNKNOWN_KEY, "No patient has any of the identifiers in PID-3");
        }
        return found.getFirst();
    }

    private Outcome merge(AdtMessage m, String source) {
        List<Long> ids = new ArrayList<>();
        for (AdtMessage.PatientPart p : m.patients()) {
            AdtMessage.Merge mrg = requireMerge(p);
            Patient survivor = existing(p);
            List<PatientRecord> retired = patients.findByIdentifiers(mrg.priorIdentifiers());
            if (retired.isEmpty()) {
                throw new Hl7Problem(mrgAt(mrg), Hl7Problem.UNKNOWN_KEY, "No patient has the prior identifier in MRG-1");
            }
            long retiredId = retired.getFirst().patient().id();
            if (retiredId != survivor.id()) merges.merge(survivor.id(), retiredId, source, false); // else: merged already
            ids.add(survivor.id());
            ids.add(retiredId);
        }
        return new Outcome(ids);
    }

    private Outcome changeIdentifier(AdtMessage m, String source) {
        List<Long> ids = new ArrayList<>();
        for (AdtMessage.PatientPart p : m.patients()) {
            AdtMessage.Merge mrg = requireMerge(p);
            requireIdentifier(p);
            List<PatientRecord> found = patients.findByIdentifiers(mrg.priorIdentifiers());
            if (found.isEmpty()) {
                throw new Hl7Problem(mrgAt(mrg), Hl7Problem.UNKNOWN_KEY, "No patient has the prior identifier in MRG-1");
            }
            PatientRecord record = found.getFirst();
            Demographics.Identifier old = mrg.priorIdentifiers().stream()
                    .filter(x -> record.identifiers().stream().anyMatch(i -> x.system().equals(i.assigningAuthority())
                            && x.value().equals(i.value()))).findFirst().orElse(mrg.priorIdentifiers().getFirst());
            Demographics.Identifier replacement = p.identifiers().getFirst();
            patients.changeIdentifier(record.patient().id(), old, replacement, source);
            ids.add(record.patient().id());
        }
        return new Outcome(ids);
    }

    private static AdtMessage.Merge requireMerge(AdtMessage.PatientPart p) {
        if (p.merge() == null || p.merge().priorIdentifiers().isEmpty()) {
            throw new Hl7Problem(new Hl7Location("MRG", p.occurrence(), 1, 0, 0, 0), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "MRG-1 (the prior patient identifier) is required after each PID");
        }
        return p.merge();
    }

    private static void requireIdentifier(AdtMessage.PatientPart p) {
        if (p.identifiers().isEmpty()) {
            throw new Hl7Problem(at(p, 3), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "PID-3 (patient identifier list) needs at least one identifier");
        }
    }

    private static void requireIdentity(AdtMessage.PatientPart p) {
        if (p.familyName() == null) {
            throw new Hl7Problem(at(p, 5).component(1), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "PID-5.1 (family name) is required to register a patient");
        }
        if (p.givenName() == null) {
            throw new Hl7Problem(at(p, 5).component(2), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "PID-5.2 (given name) is required to register a patient");
        }
        if (p.birthDate() == null) {
            throw new Hl7Problem(at(p, 7), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "PID-7 (date of birth) is required to register a patient");
        }
        if (p.sex() == null) {
            throw new Hl7Problem(at(p, 8), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "PID-8 (administrative sex) is required to register a patient");
        }
    }

    private static String account(AdtMessage.VisitPart v) {
        if (v.visit().accountNumber() == null) {
            throw new Hl7Problem(Hl7Location.of("PID", 18), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "An account number (PID-18 or PV1-19) is required to name the encounter");
        }
        return v.visit().accountNumber();
    }

    static Hl7Location at(AdtMessage.PatientPart p, int field) {
        return new Hl7Location("PID", p.occurrence(), field, 0, 0, 0);
    }

    private static Hl7Location mrgAt(AdtMessage.Merge m) {
        return new Hl7Location("MRG", m.occurrence(), 1, 0, 0, 0);
    }

    private static boolean samePhone(String a, String b) {
        if (a == null || b == null) return a == b;
        return AdtReader.NON_DIGIT.matcher(a).replaceAll("").equals(AdtReader.NON_DIGIT.matcher(b).replaceAll(""));
    }

    private static String or(String value, String current) {
        return value != null ? value : current;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
