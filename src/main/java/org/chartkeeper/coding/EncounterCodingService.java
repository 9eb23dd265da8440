package org.chartkeeper.coding;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Coding an encounter: the abstract (diagnoses with POA, procedures with dates, abstracted fields), the edits as the
 * coder works, final coding that locks the abstract, and reopening with a reason. Every read passes the
 * {@link AccessGate}; every change is recorded in the audit trail with what changed (and the reason to reopen).
 */
@Service
public class EncounterCodingService {

    public static final int MAX_CODES = 50;
    /** A coding session with no activity for this long has ended at its last activity. */
    static final java.time.Duration SESSION_IDLE = java.time.Duration.ofMinutes(30);
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9.]{3,8}");

    private final EncounterCodingRepository repository;
    private final EncounterService encounters;
    private final PatientService patients;
    private final CodeSetService codeSets;
    private final CodingEdits edits;
    private final AccessGate gate;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CodingWorkRepository work;
    private final ReviewSampler sampler;

    public EncounterCodingService(EncounterCodingRepository repository, EncounterService encounters,
                                  PatientService patients, CodeSetService codeSets, CodingEdits edits, AccessGate gate,
                                  AuditService audit, TransactionTemplate tx, Clock clock, CodingWorkRepository work,
                                  ReviewSampler sampler) {
        this.repository = repository;
        this.encounters = encounters;
        this.patients = patients;
        this.codeSets = codeSets;
        this.edits = edits;
        this.gate = gate;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.work = work;
        this.sampler = sampler;
    }

    public EncounterCoding get(long encounterId) {
        Encounter e = open(encounterId);
        return view(e);
    }

    /**
     * One coded diagnosis or procedure of an encounter's abstract as another system reads it (FHIR Condition and
     * Procedure): {@code kind} is {@code diagnosis} or {@code procedure}; {@code updatedAt} is the abstract's last
     * change. No edits are run.
     */
    public record CodedLine(long encounterId, long patientId, String kind, int sequence, CodeSystem system, String code,
                            String display, String title, String poa, LocalDate procedureDate,
                            java.time.Instant updatedAt, java.time.Instant finalizedAt) {
        public boolean diagnosis() {
            return "diagnosis".equals(kind);
        }
    }

    /** The coded lines of one patient's encounters: one audited view of the patient's coding. */
    public List<CodedLine> codedLines(long patientId) {
        gate.open(PatientAccess.view(DataCategory.CODING, patientId, "EncounterCoding", "patient/" + patientId));
        return lines(repository.lines(List.of(patientId), null));
    }

    /** The coded lines of one encounter: an audited view of the encounter and of its coding. */
    public List<CodedLine> codedLinesOfEncounter(long encounterId) {
        Encounter e = open(encounterId);
        return lines(repository.lines(List.of(e.patientId()), e.id()));
    }

    /**
     * The coded lines of many patients for an export, each patient's access recorded as an export (all or none: a
     * patient the user may not see refuses the batch).
     */
    public List<CodedLine> exportFor(List<Long> patientIds) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(AuditAction.EXPORT, DataCategory.CODING, id,
                "EncounterCoding", "patient/" + id)).toList());
        List<CodedLine> out = new ArrayList<>();
        for (int i = 0; i < patientIds.size(); i += 1000) {
            out.addAll(lines(repository.lines(patientIds.subList(i, Math.min(patientIds.size(), i + 1000)), null)));
        }
        return out;
    }

    private List<CodedLine> lines(List<EncounterCodingRepository.Line> rows) {
        List<CodedLine> out = new ArrayList<>(rows.size());
        for (EncounterCodingRepository.Line r : rows) {
            LocalDate asOf = LocalDate.ofInstant(r.dischargeAt() != null ? r.dischargeAt() : clock.instant(), ZoneOffset.UTC);
            out.add(new CodedLine(r.encounterId(), r.patientId(), r.kind(), r.seq(), r.system(), r.code(),
                    r.system().display(r.code()), codeSets.title(r.system(), r.code(), asOf).orElse(null), r.poa(),
                    r.procedureDate(), r.updatedAt(), r.finalizedAt()));
        }
        return out;
    }

    /** Saves the whole abstract (the coder's form as it stands) and answers with the edits it now fails. */
    public EncounterCoding save(long encounterId, CodingChange change) {
        if (change == null) throw new InvalidRequestException("diagnoses", "Give the diagnoses and procedures");
        Encounter e = open(encounterId);
        boolean inpatient = inpatient(e);
        List<EncounterCodingRepository.Row> rows = rows(change, inpatient);
        String admitSource = clip("admitSource", change.admitSource());
        String disposition = clip("dischargeDisposition", change.dischargeDisposition());
        String by = CurrentUser.require().username();
        tx.executeWithoutResult(s -> {
            Optional<EncounterCodingRepository.Abstract> current = repository.find(encounterId);
            int version = change.version() == null ? 0 : change.version();
            if (current.isEmpty()) {
                if (version != 0) throw new StaleVersionException("The coding of encounter " + encounterId, version);
                repository.create(encounterId, e.patientId(), admitSource, disposition, clock.instant(), by);
            } else {
                if (current.get().status().equals("final")) {
                    throw new InvalidRequestException("status", "The coding is final: reopen it with a reason to change it");
                }
                if (change.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
                if (!repository.update(encounterId, admitSource, disposition, version, clock.instant(), by)) {
                    throw new StaleVersionException("The coding of encounter " + encounterId, version);
                }
            }
            repository.replaceCodes(encounterId, rows);
            work.startOrTouch(encounterId, by, e.encounterClass(), clock.instant(), clock.instant().minus(SESSION_IDLE));
        });
        long dx = rows.stream().filter(r -> r.kind().equals("diagnosis")).count();
        audit.record(change(e, "coded: " + dx + " diagnoses, " + (rows.size() - dx) + " procedures"));
        return view(e);
    }

    /** Final coding: refused while any edit fails or there is no principal diagnosis; then locked. */
    public EncounterCoding finalizeCoding(long encounterId, Integer version) {
        if (version == null) throw new InvalidRequestException("version", "Give the version you last read");
        Encounter e = open(encounterId);
        EncounterCoding now = view(e);
        if (now.status().equals("final")) throw new InvalidRequestException("status", "The coding is already final");
        if (now.diagnoses().isEmpty()) throw new InvalidRequestException("diagnoses", "Code a principal diagnosis first");
        if (!now.edits().isEmpty()) {
            throw new InvalidRequestException("edits", now.edits().size() + " edit(s) to resolve before final coding: "
                    + now.edits().getFirst().message());
        }
        String by = CurrentUser.require().username();
        java.time.Instant at = clock.instant();
        tx.executeWithoutResult(s -> {
            if (!repository.setStatus(encounterId, "in-progress", "final", version, at, by)) {
                throw new StaleVersionException("The coding of encounter " + encounterId, version);
            }
            work.finalized(encounterId, by, e.encounterClass(), at);
            sampler.consider(e.id(), e.patientId(), e.encounterClass(), by, at, repository.codes(encounterId));
        });
        audit.record(change(e, "final coding: " + now.diagnoses().size() + " diagnoses, " + now.procedures().size()
                + " procedures; principal " + now.diagnoses().getFirst().display()));
        return view(e);
    }

    /** Reopens final coding for a change; the reason is recorded in the audit trail. */
    public EncounterCoding reopen(long encounterId, String reason, Integer version) {
        if (reason == null || reason.strip().length() < 10) {
            throw new InvalidRequestException("reason", "Say why the final coding is reopened (at least 10 characters)");
        }
        if (reason.length() > 500) throw new InvalidRequestException("reason", "At most 500 characters");
        if (version == null) throw new InvalidRequestException("version", "Give the version you last read");
        Encounter e = open(encounterId);
        Optional<EncounterCodingRepository.Abstract> current = repository.find(encounterId);
        if (current.isEmpty() || !current.get().status().equals("final")) {
            throw new InvalidRequestException("status", "Only final coding can be reopened");
        }
        if (!repository.setStatus(encounterId, "final", "in-progress", version, clock.instant(),
                CurrentUser.require().username())) {
            throw new StaleVersionException("The coding of encounter " + encounterId, version);
        }
        audit.record(change(e, "reopened final coding").withReason(reason.strip()));
        return view(e);
    }

    /**
     * Sequencing: moves the diagnosis or procedure at position {@code from} (1-based) to position {@code to}; moving a
     * diagnosis to 1 makes it the principal. The whole abstract is saved as by {@link #save}.
     */
    public EncounterCoding move(long encounterId, String kind, Integer from, Integer to, Integer version) {
        if (kind == null || !(kind.equals("diagnosis") || kind.equals("procedure"))) {
            throw new InvalidRequestException("kind", "Say diagnosis or procedure");
        }
        if (from == null) throw new InvalidRequestException("from", "Give the position to move from (1 is the first)");
        if (to == null) throw new InvalidRequestException("to", "Give the position to move to (1 is the first)");
        if (version == null) throw new InvalidRequestException("version", "Give the version you last read");
        EncounterCoding current = get(encounterId);
        if (current.version() != version) throw new StaleVersionException("The coding of encounter " + encounterId, version);
        CodingChange c = asChange(current);
        boolean dx = kind.equals("diagnosis");
        int size = dx ? c.diagnoses().size() : c.procedures().size();
        if (from < 1 || from > size) throw new InvalidRequestException("from", "Between 1 and " + size);
        if (to < 1 || to > size) throw new InvalidRequestException("to", "Between 1 and " + size);
        List<CodingChange.Diagnosis> diagnoses = new ArrayList<>(c.diagnoses());
        List<CodingChange.Procedure> procedures = new ArrayList<>(c.procedures());
        if (dx) diagnoses.add(to - 1, diagnoses.remove(from - 1));
        else procedures.add(to - 1, procedures.remove(from - 1));
        return save(encounterId, new CodingChange(diagnoses, procedures, c.admitSource(), c.dischargeDisposition(), version));
    }

    /**
     * Adds one code to the abstract (an accepted suggestion): a diagnosis at the end (the principal when there is none
     * yet; POA left for the coder to give), or a procedure dated {@code date}.
     */
    EncounterCoding addCode(long encounterId, CodeSystem system, String code, LocalDate date, int version) {
        EncounterCoding current = get(encounterId);
        if (current.version() != version) throw new StaleVersionException("The coding of encounter " + encounterId, version);
        CodingChange c = asChange(current);
        List<CodingChange.Diagnosis> diagnoses = new ArrayList<>(c.diagnoses());
        List<CodingChange.Procedure> procedures = new ArrayList<>(c.procedures());
        if (system == CodeSystem.ICD10CM) {
            if (diagnoses.stream().noneMatch(d -> CodeSystem.normalize(d.code()).equals(code))) {
                diagnoses.add(new CodingChange.Diagnosis(code, null));
            }
        } else if (procedures.stream().noneMatch(p -> CodeSystem.normalize(p.code()).equals(code))) {
            procedures.add(new CodingChange.Procedure(system.name(), code, date));
        }
        return save(encounterId, new CodingChange(diagnoses, procedures, c.admitSource(), c.dischargeDisposition(), version));
    }

    /** Records that the current coder is working on the encounter (a coding session, for productivity). */
    void touchSession(EncounterCoding c) {
        work.startOrTouch(c.encounterId(), CurrentUser.require().username(), c.encounterClass(), clock.instant(),
                clock.instant().minus(SESSION_IDLE));
    }

    /** The abstract as it stands, as a change to save. */
    static CodingChange asChange(EncounterCoding c) {
        List<CodingChange.Diagnosis> dx = c.diagnoses().stream()
                .map(d -> new CodingChange.Diagnosis(d.code(), d.poa())).toList();
        List<CodingChange.Procedure> px = c.procedures().stream()
                .map(p -> new CodingChange.Procedure(p.system().name(), p.code(), p.date())).toList();
        return new CodingChange(dx, px, c.admitSource(), c.dischargeDisposition(), c.version());
    }

    private Encounter open(long encounterId) {
        Encounter e = encounters.get(encounterId); // passes the access gate (encounter view)
        gate.open(PatientAccess.view(DataCategory.CODING, e.patientId(), "EncounterCoding", encounterId));
        return e;
    }

    private static AuditEntry change(Encounter e, String detail) {
        return AuditEntry.of(AuditAction.UPDATE, DataCategory.CODING, AuditOutcome.SUCCESS).withPatient(e.patientId())
                .withResource("EncounterCoding", e.id()).withDetail(detail);
    }

    private EncounterCoding view(Encounter e) {
        LocalDate discharge = LocalDate.ofInstant(e.dischargeAt() != null ? e.dischargeAt() : clock.instant(), ZoneOffset.UTC);
        Optional<EncounterCodingRepository.Abstract> a = repository.find(e.id());
        List<EncounterCodingRepository.Row> rows = a.isEmpty() ? List.of() : repository.codes(e.id());
        List<EncounterCoding.CodedDiagnosis> dx = new ArrayList<>();
        List<EncounterCoding.CodedProcedure> px = new ArrayList<>();
        List<CodingEdits.Line> lines = new ArrayList<>();
        for (EncounterCodingRepository.Row r : rows) {
            String title = codeSets.title(r.system(), r.code(), discharge).orElse(null);
            boolean diagnosis = r.kind().equals("diagnosis");
            if (diagnosis) {
                dx.add(new EncounterCoding.CodedDiagnosis(r.seq(), r.seq() == 1, r.code(), r.system().display(r.code()),
                        title, r.poa()));
            } else {
                px.add(new EncounterCoding.CodedProcedure(r.seq(), r.system(), r.code(), r.system().display(r.code()),
                        title, r.procedureDate()));
            }
            lines.add(new CodingEdits.Line(r.system(), r.code(), diagnosis, r.seq(), r.poa()));
        }
        List<CodingFinding> findings = findings(e, lines, discharge);
        String status = a.map(EncounterCodingRepository.Abstract::status).orElse("not-started");
        return new EncounterCoding(e.id(), e.patientId(), e.encounterClass(), discharge, status,
                a.map(EncounterCodingRepository.Abstract::admitSource).orElse(null),
                a.map(EncounterCodingRepository.Abstract::dischargeDisposition).orElse(e.dischargeDisposition()),
                dx, px, findings, a.map(EncounterCodingRepository.Abstract::finalizedAt).orElse(null),
                a.map(EncounterCodingRepository.Abstract::finalizedBy).orElse(null),
                a.map(EncounterCodingRepository.Abstract::version).orElse(0));
    }

    /** The edits an abstract of these lines fails, judged on the discharge date (none for no lines). */
    private List<CodingFinding> findings(Encounter e, List<CodingEdits.Line> lines, LocalDate discharge) {
        if (lines.isEmpty()) return List.of();
        Patient p = patients.open(e.patientId()); // sex and age for the edits (an audited view)
        LocalDate admitted = LocalDate.ofInstant(e.admitAt(), ZoneOffset.UTC);
        return edits.check(new CodingEdits.Subject(inpatient(e), p.sex(),
                        p.birthDate() == null ? null : p.ageOn(admitted), discharge), lines,
                (system, code) -> codeSets.validity(system, code, discharge));
    }

    /**
     * The edits a proposed abstract would fail, without saving it (the coder's form as they work): the same rules,
     * on the encounter's discharge date. Reading the encounter is audited.
     */
    public List<CodingFinding> check(long encounterId, CodingChange change) {
        if (change == null) throw new InvalidRequestException("diagnoses", "Give the diagnoses and procedures");
        Encounter e = open(encounterId);
        LocalDate discharge = LocalDate.ofInstant(e.dischargeAt() != null ? e.dischargeAt() : clock.instant(), ZoneOffset.UTC);
        List<CodingEdits.Line> lines = new ArrayList<>();
        for (EncounterCodingRepository.Row r : rows(change, inpatient(e))) {
            lines.add(new CodingEdits.Line(r.system(), r.code(), r.kind().equals("diagnosis"), r.seq(), r.poa()));
        }
        return findings(e, lines, discharge);
    }

    private static boolean inpatient(Encounter e) {
        return "INPATIENT".equalsIgnoreCase(e.encounterClass());
    }

    /** The form's lines as stored rows, refusing what cannot be a code at all (the edits judge the rest). */
    static List<EncounterCodingRepository.Row> rows(CodingChange change, boolean inpatient) {
        List<CodingChange.Diagnosis> dx = change.diagnoses() == null ? List.of() : change.diagnoses();
        List<CodingChange.Procedure> px = change.procedures() == null ? List.of() : change.procedures();
        if (dx.size() > MAX_CODES || px.size() > MAX_CODES) {
            throw new InvalidRequestException(dx.size() > MAX_CODES ? "diagnoses" : "procedures", "At most " + MAX_CODES);
        }
        List<EncounterCodingRepository.Row> rows = new ArrayList<>();
        for (int i = 0; i < dx.size(); i++) {
            CodingChange.Diagnosis d = dx.get(i);
            String field = "diagnoses[" + i + "]";
            String code = code(field + ".code", d == null ? null : d.code());
            String poa = d.poa() == null || d.poa().isBlank() ? null : d.poa().strip().toUpperCase(Locale.ROOT);
            if (poa != null && poa.length() != 1) throw new InvalidRequestException(field + ".poa", "One of Y, N, U, W or 1");
            if (poa != null && !inpatient) throw new InvalidRequestException(field + ".poa", "POA is reported for inpatient stays only");
            rows.add(new EncounterCodingRepository.Row("diagnosis", i + 1, CodeSystem.ICD10CM, code, poa, null));
        }
        for (int i = 0; i < px.size(); i++) {
            CodingChange.Procedure p = px.get(i);
            String field = "procedures[" + i + "]";
            if (p == null) throw new InvalidRequestException(field, "Give the procedure");
            CodeSystem system = p.system() == null || p.system().isBlank()
                    ? (inpatient ? CodeSystem.ICD10PCS : CodeSystem.HCPCS)
                    : CodeSystem.parse(p.system()).orElseThrow(() -> new InvalidRequestException(field + ".system",
                            "Use ICD10PCS, HCPCS or CPT"));
            if (inpatient && system != CodeSystem.ICD10PCS) {
                throw new InvalidRequestException(field + ".system", "Procedures of an inpatient stay are coded in ICD-10-PCS");
            }
            if (!inpatient && system != CodeSystem.HCPCS && system != CodeSystem.CPT) {
                throw new InvalidRequestException(field + ".system", "Outpatient procedures are coded in HCPCS or CPT");
            }
            if (p.date() == null) throw new InvalidRequestException(field + ".date", "Give the procedure date (YYYY-MM-DD)");
            rows.add(new EncounterCodingRepository.Row("procedure", i + 1, system, code(field + ".code", p.code()), null,
                    p.date()));
        }
        return rows;
    }

    private static String code(String field, String value) {
        if (value == null || !CODE.matcher(value.strip()).matches()) {
            throw new InvalidRequestException(field, "Give a code (3 to 7 letters and digits, the dot optional)");
        }
        String c = CodeSystem.normalize(value);
        if (c.length() > 7) throw new InvalidRequestException(field, "A code has at most 7 characters");
        return c;
    }

    private static String clip(String field, String value) {
        if (value == null || value.isBlank()) return null;
        if (value.length() > 60) throw new InvalidRequestException(field, "At most 60 characters");
        return value.strip();
    }
}
