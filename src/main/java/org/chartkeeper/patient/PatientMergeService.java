package org.chartkeeper.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.patient.MergeRepository.PatientState;
import org.chartkeeper.patient.MergeSnapshot.RowImage;
import org.chartkeeper.patient.MergeSnapshot.TableImage;
import org.chartkeeper.patient.PatientReferenceRepository.PatientReference;
import org.chartkeeper.patient.PatientReferenceRepository.Rows;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Merges two registrations of one person, and undoes a merge.
 *
 * <p>A merge moves every row that names the retired patient to the survivor: the tables are found in the database's
 * metadata ({@link PatientReferenceRepository}), so whatever later capabilities add is moved too. Identifiers stay,
 * retired, and resolve to the survivor. Each changed row is kept as it was in the merge's snapshot; the retired patient
 * becomes "merged" into the survivor. Unmerge puts every changed row back exactly and reinserts any row the merge
 * removed. Records of what happened (the audit trail, the demographic history, the merges) are never rewritten.
 *
 * <p>Needs {@code patient.merge}; each merge and unmerge passes the {@link AccessGate} as an update of both patients
 * and is written to both patients' history. Two records with a different sex or date of birth, or a pair a reviewer
 * said are different people, are merged only with an explicit override and a reason.
 */
@Service
public class PatientMergeService {

    public static final String PERMISSION = "patient.merge";
    static final int MAX_REASON = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MergeRepository merges;
    private final PatientReferenceRepository references;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final Clock clock;

    public PatientMergeService(MergeRepository merges, PatientReferenceRepository references, AccessGate gate,
                               AuditService audit, PermissionService permissions, Clock clock) {
        this.merges = merges;
        this.references = references;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.clock = clock;
    }

    /** A merge as the chart and the API show it; {@code rowsMoved} counts the changed rows per table. */
    public record MergeRecord(long id, long survivorId, long retiredId, Instant mergedAt, String mergedBy, String reason,
                              Instant unmergedAt, String unmergedBy, String unmergeReason, Long candidateId,
                              int version, Map<String, Integer> rowsMoved) {

        public boolean undone() {
            return unmergedAt != null;
        }
    }

    /** A patient's part in merges: whether it is itself merged (and into whom), its overlay flag, and its merges. */
    public record MergeHistory(long patientId, String status, Long mergedInto, boolean overlayFlag,
                               List<MergeRecord> merges) {

        public boolean merged() {
            return "merged".equals(status);
        }
    }

    // ------------------------------------------------------------------ merge

    /** Merges {@code retiredId} into {@code survivorId}. */
    @Transactional
    public MergeRecord merge(long survivorId, long retiredId, String reason, boolean override) {
        return merge(survivorId, retiredId, reason, override, null);
    }

    @Transactional
    MergeRecord merge(long survivorId, long retiredId, String reason, boolean override, Long candidateId) {
        CurrentUser me = requirePermission(retiredId, "merge patients");
        if (survivorId == retiredId) {
            throw new InvalidRequestException("retiredId", "A patient cannot be merged into itself");
        }
        String why = reason(reason);
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, survivorId, "PatientMerge",
                "survivor; retires patient " + retiredId));
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, retiredId, "PatientMerge",
                "retired into patient " + survivorId));
        Map<Long, PatientState> locked = new LinkedHashMap<>();
        merges.lock(survivorId, retiredId).forEach(p -> locked.put(p.id(), p));
        PatientState survivor = Optional.ofNullable(locked.get(survivorId))
                .orElseThrow(() -> new PatientNotFoundException(survivorId));
        PatientState retired = Optional.ofNullable(locked.get(retiredId))
                .orElseThrow(() -> new PatientNotFoundException(retiredId));
        if (!"active".equals(survivor.status())) {
            throw new InvalidRequestException("survivorId", "Patient " + survivorId + " was itself merged into patient "
                    + survivor.mergedInto() + "; choose an active record as the survivor");
        }
        if (!"active".equals(retired.status())) {
            throw new InvalidRequestException("retiredId", "Patient " + retiredId + " is already merged into patient "
                    + retired.mergedInto());
        }
        List<String> conflicts = conflicts(survivor, retired);
        if (!conflicts.isEmpty()) {
            String what = String.join(" and ", conflicts);
            if (!override) {
                throw new InvalidRequestException("override", "The two records " + what
                        + ": merging them needs an explicit override with a reason");
            }
            if (why == null) {
                throw new InvalidRequestException("reason", "Give the reason for overriding (the records " + what + ")");
            }
        }
        Instant now = clock.instant();
        MergeSnapshot snapshot = moveEverything(survivorId, retiredId, now);
        long id = merges.insertMerge(survivorId, retiredId, now, me.username(), why, JSON.writeValueAsString(snapshot),
                candidateId);
        String overridden = conflicts.isEmpty() ? "" : " (override: the records " + String.join(" and ", conflicts) + ")";
        merges.history(retiredId, now, me.username(), "merge", "active",
                "merged into patient " + survivorId + " (merge " + id + ")" + overridden);
        merges.history(survivorId, now, me.username(), "merge", null,
                "patient " + retiredId + " merged into this record (merge " + id + ")" + overridden);
        return record(merges.merge(id).orElseThrow());
    }

    private List<String> conflicts(PatientState survivor, PatientState retired) {
        List<String> conflicts = new ArrayList<>();
        if (!Objects.equals(survivor.birthDate(), retired.birthDate())) conflicts.add("have a different date of birth");
        if (!Objects.equals(Comparison.norm(survivor.sex()), Comparison.norm(retired.sex()))) conflicts.add("have a different sex");
        if (merges.judgedNotDuplicate(survivor.id(), retired.id())) conflicts.add("were judged to be different people");
        return conflicts;
    }

    /** Moves every row naming the retired patient to the survivor, keeping each as it was. */
    private MergeSnapshot moveEverything(long survivorId, long retiredId, Instant now) {
        List<TableImage> images = new ArrayList<>();
        for (PatientReference ref : references.discover()) {
            Rows rows = references.rowsNaming(ref, retiredId);
            if (rows.rows().isEmpty()) continue;
            TableImage image = new TableImage(ref.table(), rows.columns(), ref.key(), new ArrayList<>());
            if (ref.key().isEmpty()) {
                moveKeyless(image, ref, rows, survivorId, retiredId);
                images.add(image);
                continue;
            }
            for (Map<String, String> row : rows.rows()) {
                switch (ref.table()) {
                    case "patient_identifier" -> update(image, row, Map.of("patient_id", survivorId, "status", "retired"));
                    case "duplicate_candidate" -> moveCandidate(image, row, survivorId, retiredId);
                    case "not_duplicate" -> moveDecidedPair(image, row, survivorId, retiredId);
                    default -> {
                        Map<String, Object> set = new LinkedHashMap<>();
                        for (String c : ref.patientColumns()) {
                            if (String.valueOf(retiredId).equals(row.get(c))) set.put(c, survivorId);
                        }
                        update(image, row, set);
                    }
                }
            }
            if (!image.rows().isEmpty()) images.add(image);
        }
        Rows self = references.select("patient", PatientReferenceRepository.q("id") + " = ?", retiredId);
        TableImage patient = new TableImage("patient", self.columns(), List.of("id"), new ArrayList<>());
        Map<String, String> before = self.rows().getFirst();
        merges.retire(retiredId, survivorId, now);
        Map<String, String> after = references.select("patient", PatientReferenceRepository.q("id") + " = ?", retiredId)
                .rows().getFirst();
        List<String> changed = new ArrayList<>();
        Map<String, String> afterChanged = new LinkedHashMap<>();
        before.forEach((k, v) -> {
            if (!Objects.equals(v, after.get(k))) {
                changed.add(k);
                afterChanged.put(k, after.get(k));
            }
        });
        patient.rows().add(new RowImage(RowImage.UPDATED, changed, before, afterChanged, null));
        images.add(patient);
        return new MergeSnapshot(MergeSnapshot.FORMAT, survivorId, retiredId, images);
    }

    /**
     * An undecided candidate pair moves to the survivor (unless the survivor already has that pair: then it goes);
     * the merged pair itself is marked merged; decided pairs stay as the record of their decision.
     */
    private void moveCandidate(TableImage image, Map<String, String> row, long survivorId, long retiredId) {
        String status = row.get("status");
        if (!"open".equals(status) && !"investigating".equals(status)) return;
        long a = Long.parseLong(row.get("patient_a"));
        long b = Long.parseLong(row.get("patient_b"));
        long other = a == retiredId ? b : a;
        if (other == survivorId) {
            update(image, row, Map.of("status", "merged", "version", Integer.parseInt(row.get("version")) + 1));
            return;
        }
        long na = Math.min(survivorId, other);
        long nb = Math.max(survivorId, other);
        if (merges.candidateFor(na, nb).isPresent()) {
            delete(image, row);
        } else {
            update(image, row, Map.of("patient_a", na, "patient_b", nb));
        }
    }

    /** "Not a duplicate" of a third patient now concerns the survivor; the merged pair's own decision stays. */
    private void moveDecidedPair(TableImage image, Map<String, String> row, long survivorId, long retiredId) {
        long a = Long.parseLong(row.get("patient_a"));
        long b = Long.parseLong(row.get("patient_b"));
        long other = a == retiredId ? b : a;
        if (other == survivorId) return;
        long na = Math.min(survivorId, other);
        long nb = Math.max(survivorId, other);
        if (merges.judgedNotDuplicate(na, nb)) {
            delete(image, row);
        } else {
            update(image, row, Map.of("patient_a", na, "patient_b", nb));
        }
    }

    /** Identical rows of a table without a key move together; one image counts them. */
    private void moveKeyless(TableImage image, PatientReference ref, Rows rows, long survivorId, long retiredId) {
        Map<Map<String, String>, Integer> copies = new LinkedHashMap<>();
        rows.rows().forEach(r -> copies.merge(r, 1, Integer::sum));
        copies.forEach((row, n) -> {
            Map<String, Object> set = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            for (String c : ref.patientColumns()) {
                if (String.valueOf(retiredId).equals(row.get(c))) {
                    set.put(c, SqlValues.bind(String.valueOf(survivorId), column(image, c)));
                    after.put(c, String.valueOf(survivorId));
                }
            }
            if (references.update(image, row, set) != n) {
                throw new IllegalStateException("rows of " + image.table() + " changed during the merge");
            }
            image.rows().add(new RowImage(RowImage.UPDATED, List.copyOf(set.keySet()), row, after, n));
        });
    }

    private void update(TableImage image, Map<String, String> row, Map<String, Object> set) {
        if (set.isEmpty()) return;
        Map<String, String> after = new LinkedHashMap<>();
        set.forEach((k, v) -> after.put(k, String.valueOf(v)));
        Map<String, Object> bound = new LinkedHashMap<>();
        set.forEach((k, v) -> bound.put(k, SqlValues.bind(String.valueOf(v), column(image, k))));
        if (references.update(image, row, bound) != 1) {
            throw new IllegalStateException("a row of " + image.table() + " changed during the merge");
        }
        image.rows().add(new RowImage(RowImage.UPDATED, List.copyOf(set.keySet()), row, after, null));
    }

    private void delete(TableImage image, Map<String, String> row) {
        references.delete(image, row);
        image.rows().add(new RowImage(RowImage.DELETED, List.of(), row, null, null));
    }

    // ------------------------------------------------------------------ unmerge

    /** Undoes a merge: every row the merge changed is put back as it was, and the retired patient is active again. */
    @Transactional
    public MergeRecord unmerge(long mergeId, String reason) {
        MergeRepository.MergeRow m = merges.merge(mergeId)
                .orElseThrow(() -> new NotFoundException("No merge with id " + mergeId));
        CurrentUser me = requirePermission(m.retiredId(), "undo merges");
        String why = reason(reason);
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, m.survivorId(), "PatientMerge",
                "unmerge " + mergeId + "; restores patient " + m.retiredId()));
        gate.open(PatientAccess.of(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, m.retiredId(), "PatientMerge",
                "unmerge " + mergeId + " from patient " + m.survivorId()));
        if (m.unmergedAt() != null) {
            throw new InvalidRequestException("mergeId", "Merge " + mergeId + " was already undone");
        }
        Map<Long, PatientState> locked = new LinkedHashMap<>();
        merges.lock(m.survivorId(), m.retiredId()).forEach(p -> locked.put(p.id(), p));
        PatientState survivor = locked.get(m.survivorId());
        PatientState retired = locked.get(m.retiredId());
        if (survivor == null || !"active".equals(survivor.status())) {
            throw new InvalidRequestException("mergeId", "Patient " + m.survivorId() + " has since been merged into patient "
                    + (survivor == null ? "?" : survivor.mergedInto()) + "; undo that merge first");
        }
        if (retired == null || !"merged".equals(retired.status()) || !Objects.equals(retired.mergedInto(), m.survivorId())) {
            throw new InvalidRequestException("mergeId", "Patient " + m.retiredId()
                    + " is no longer merged into patient " + m.survivorId() + "; nothing to undo");
        }
        MergeSnapshot snapshot = JSON.readValue(m.snapshot(), MergeSnapshot.class);
        List<TableImage> tables = new ArrayList<>(snapshot.tables());
        java.util.Collections.reverse(tables);
        for (TableImage t : tables) {
            for (RowImage row : t.rows()) restore(t, row);
        }
        Instant now = clock.instant();
        if (merges.markUnmerged(mergeId, m.version(), now, me.username(), why) == 0) {
            throw new StaleVersionException("Merge " + mergeId, m.version());
        }
        merges.history(m.retiredId(), now, me.username(), "unmerge", "merged into patient " + m.survivorId(),
                "active again (merge " + mergeId + " undone)");
        merges.history(m.survivorId(), now, me.username(), "unmerge", "patient " + m.retiredId() + " merged into this record",
                "patient " + m.retiredId() + " separated again (merge " + mergeId + " undone)");
        return record(merges.merge(mergeId).orElseThrow());
    }

    private void restore(TableImage t, RowImage row) {
        if (RowImage.DELETED.equals(row.action())) {
            for (int i = 0; i < row.count(); i++) references.insert(t, row.values());
            return;
        }
        Map<String, String> current = new LinkedHashMap<>(row.values());
        if (row.after() != null) current.putAll(row.after());
        if (t.key().isEmpty()) {
            // identical rows cannot be told apart: put back the right number of each
            int now = references.count(t, current);
            references.delete(t, current);
            for (int i = 0; i < Math.max(0, now - row.count()); i++) references.insert(t, current);
            for (int i = 0; i < row.count(); i++) references.insert(t, row.values());
            return;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        for (String c : row.changed()) set.put(c, SqlValues.bind(row.values().get(c), column(t, c)));
        if (references.update(t, current, set) == 0) {
            // the row was removed since the merge: the snapshot holds all of it
            references.insert(t, row.values());
        }
    }

    // ------------------------------------------------------------------ reading

    /** The merges a patient took part in, newest first. Audited as a view of the patient. */
    public MergeHistory history(long patientId) {
        gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, patientId, "PatientMerge", "patient/" + patientId));
        PatientState state = merges.state(patientId).orElseThrow(() -> new PatientNotFoundException(patientId));
        return new MergeHistory(patientId, state.status(), state.mergedInto(), state.overlay(),
                merges.mergesOf(patientId).stream().map(PatientMergeService::record).toList());
    }

    /** Whether the current user may merge and unmerge. */
    public boolean currentUserMerges() {
        return permissions.currentHas(PERMISSION);
    }

    CurrentUser requirePermission(Long patientId, String what) {
        CurrentUser me = CurrentUser.require();
        if (!permissions.has(me, PERMISSION)) {
            audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, AuditOutcome.DENIED, patientId,
                    "PatientMerge", null, null, "refused: to " + what + " needs " + PERMISSION));
            throw new AccessDeniedException("Your role does not permit you to " + what + " (" + PERMISSION + ")");
        }
        return me;
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank()) return null;
        String r = reason.strip();
        if (r.length() > MAX_REASON) {
            throw new InvalidRequestException("reason", "Reason is too long (at most " + MAX_REASON + " characters)");
        }
        return r;
    }

    private static MergeSnapshot.Column column(TableImage t, String name) {
        return t.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no column " + name + " in " + t.table()));
    }

    private static MergeRecord record(MergeRepository.MergeRow m) {
        Map<String, Integer> moved = new LinkedHashMap<>();
        MergeSnapshot s = JSON.readValue(m.snapshot(), MergeSnapshot.class);
        for (TableImage t : s.tables()) moved.merge(t.table(), t.rows().size(), Integer::sum);
        return new MergeRecord(m.id(), m.survivorId(), m.retiredId(), m.mergedAt(), m.mergedBy(), m.reason(),
                m.unmergedAt(), m.unmergedBy(), m.unmergeReason(), m.candidateId(), m.version(), moved);
    }
}
