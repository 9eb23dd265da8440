package org.chartkeeper.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one gate in front of patient information. Every service method that reads or changes a patient's information
 * calls {@link #open} first: it decides, records the decision in the audit trail, and throws on refusal. If the
 * event cannot be recorded the access is refused.
 *
 * <p>Reads need {@code patient.read}, or {@code patient.read.care} and a care relationship; changes need
 * {@code patient.write}; restricted charts also need {@code patient.read.restricted}. An active break-the-glass
 * grant opens a chart regardless, and the event records that it was emergency access.
 */
@Service
public class AccessGate {

    private final AuditService audit;
    private final PermissionService permissions;
    private final PatientAccessPolicy policy;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditSettingsService settings;

    public AccessGate(AuditService audit, PermissionService permissions, PatientAccessPolicy policy, JdbcClient jdbc,
                      Clock clock, AuditSettingsService settings) {
        this.settings = settings;
        this.audit = audit;
        this.permissions = permissions;
        this.policy = policy;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The outcome of an access that was allowed: its audit event, and whether it was emergency access. */
    public record Opened(long auditSeq, boolean emergency) {}

    /** Decides and records one access; returns the audit sequence number of the event. */
    public long open(PatientAccess access) {
        return openChecked(access).auditSeq();
    }

    /** As {@link #open}, also telling whether only a break-the-glass grant let the user in. */
    public Opened openChecked(PatientAccess access) {
        return openChecked(access, null);
    }

    /**
     * A change made under a capability's own permission instead of {@code patient.write} (a physician writing or
     * signing a note): allowed with {@code permission} and the right to read the chart (patient.read, or
     * patient.read.care with the patient in the user's care; restricted charts also need patient.read.restricted).
     * Recorded like every other access, with {@code detail} saying what was done (for example "signed").
     */
    public long openChange(PatientAccess access, String permission, String detail) {
        if (!isChange(access.action())) throw new IllegalArgumentException("not a change: " + access.action());
        return openChecked(access, java.util.Objects.requireNonNull(permission), detail).auditSeq();
    }

    /**
     * As {@link #openChecked(PatientAccess)} for a caller that has just read the patient's row, restriction flag
     * included, and shows it only if this lets it: the gate decides on that flag instead of reading it again (one
     * round trip less on the hottest read). Decided and recorded exactly alike.
     */
    public Opened openChecked(PatientAccess access, boolean restricted) {
        return openChecked(access, null, null, restricted);
    }

    private Opened openChecked(PatientAccess access, String changePermission) {
        return openChecked(access, changePermission, null);
    }

    private Opened openChecked(PatientAccess access, String changePermission, String detail) {
        return openChecked(access, changePermission, detail, null);
    }

    private Opened openChecked(PatientAccess access, String changePermission, String detail, Boolean knownRestricted) {
        CurrentUser user = CurrentUser.require();
        AuditEntry entry = new AuditEntry(access.action(), access.category(), AuditOutcome.SUCCESS, access.patientId(),
                access.resourceType(), access.resourceId(), null, detail);
        Boolean restricted = knownRestricted != null ? knownRestricted : restricted(access.patientId()).orElse(null);
        if (restricted == null) {
            audit.record(entry.withOutcome(AuditOutcome.NOT_FOUND));
            throw new PatientNotFoundException(access.patientId());
        }
        Decision decision = decide(user, access, restricted, changePermission);
        if (decision == Decision.REFUSED) {
            audit.record(entry.withOutcome(AuditOutcome.DENIED));
            throw new PatientAccessDeniedException(access.patientId(),
                    permissions.has(user, Permissions.BREAKGLASS_USE) && !isChange(access.action()));
        }
        if (decision == Decision.EMERGENCY) {
            entry = entry.withReason("emergency access (break-the-glass grant active)");
        }
        return new Opened(audit.record(entry), decision == Decision.EMERGENCY);
    }

    private static final Object RESTRICTED_MEMO = new Object();

    /**
     * Tells the gate a patient's restriction flag that the caller has just read with the patient's row, in the current
     * transaction, so that the accesses that follow in it are decided on that flag without reading it again. Outside a
     * transaction it does nothing (each access then reads the flag).
     */
    public void knowRestricted(long patientId, boolean restricted) {
        java.util.Map<Long, Boolean> memo = memo();
        if (memo != null) memo.put(patientId, restricted);
    }

    /** The current transaction's restriction flags, bound on first use; null outside a transaction. */
    private static java.util.Map<Long, Boolean> memo() {
        if (!org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) return null;
        @SuppressWarnings("unchecked")
        java.util.Map<Long, Boolean> memo = (java.util.Map<Long, Boolean>)
                org.springframework.transaction.support.TransactionSynchronizationManager.getResource(RESTRICTED_MEMO);
        if (memo == null) {
            java.util.Map<Long, Boolean> fresh = new java.util.HashMap<>();
            org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(RESTRICTED_MEMO, fresh);
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            org.springframework.transaction.support.TransactionSynchronizationManager
                                    .unbindResourceIfPossible(RESTRICTED_MEMO);
                        }
                    });
            memo = fresh;
        }
        return memo;
    }

    /**
     * Whether the chart is restricted (empty: no such patient), read once per patient and transaction: a unit of work
     * that opens one patient several times (an HL7 message: search, update, encounter) reads the flag once. Each
     * access is still decided and recorded on its own.
     */
    private java.util.Optional<Boolean> restricted(long patientId) {
        java.util.Map<Long, Boolean> memo = memo();
        if (memo == null) return policy.restricted(patientId);
        Boolean known = memo.get(patientId);
        if (known != null) return java.util.Optional.of(known);
        java.util.Optional<Boolean> read = policy.restricted(patientId);
        if (read.isPresent()) memo.put(patientId, read.get());
        return read;
    }

    /**
     * Decides and records many accesses at once (a bulk registration), each its own audit event, written together.
     * If any is refused, that refusal is recorded and thrown, and none of the others is recorded as done.
     */
    public void openAll(java.util.List<PatientAccess> accesses) {
        openAll(accesses, null);
    }

    /**
     * As {@link #openAll(java.util.List)} for changes made under a capability's own permission (documents received in
     * an import, under document.write): each allowed as {@link #openChange} would allow it, all recorded together.
     */
    public void openAllChanges(java.util.List<PatientAccess> accesses, String permission) {
        for (PatientAccess a : accesses) {
            if (!isChange(a.action())) throw new IllegalArgumentException("not a change: " + a.action());
        }
        openAll(accesses, java.util.Objects.requireNonNull(permission));
    }

    private void openAll(java.util.List<PatientAccess> accesses, String changePermission) {
        CurrentUser user = CurrentUser.require();
        java.util.List<AuditEntry> entries = new java.util.ArrayList<>(accesses.size());
        java.util.Map<Long, Boolean> restrictions = policy.restricted(accesses.stream().map(PatientAccess::patientId)
                .distinct().toList());
        for (PatientAccess access : accesses) {
            AuditEntry entry = new AuditEntry(access.action(), access.category(), AuditOutcome.SUCCESS,
                    access.patientId(), access.resourceType(), access.resourceId(), null, null);
            Boolean restricted = restrictions.get(access.patientId());
            if (restricted == null) {
                audit.record(entry.withOutcome(AuditOutcome.NOT_FOUND));
                throw new PatientNotFoundException(access.patientId());
            }
            if (decide(user, access, restricted, changePermission) != Decision.NORMAL) {
                audit.record(entry.withOutcome(AuditOutcome.DENIED));
                throw new PatientAccessDeniedException(access.patientId(), false);
            }
            entries.add(entry);
        }
        audit.recordAll(entries);
    }

    /**
     * Decides many accesses one by one (an export): records each as allowed or refused and returns the patients
     * allowed. Emergency (break-the-glass) grants do not extend to these bulk accesses.
     */
    public java.util.Set<Long> openPermitted(java.util.List<PatientAccess> accesses) {
        CurrentUser user = CurrentUser.require();
        java.util.Map<Long, Boolean> restrictions = policy.restricted(accesses.stream().map(PatientAccess::patientId)
                .distinct().toList());
        java.util.List<AuditEntry> entries = new java.util.ArrayList<>(accesses.size());
        java.util.Set<Long> allowed = new java.util.LinkedHashSet<>();
        for (PatientAccess access : accesses) {
            AuditEntry entry = new AuditEntry(access.action(), access.category(), AuditOutcome.SUCCESS,
                    access.patientId(), access.resourceType(), access.resourceId(), null, null);
            Boolean restricted = restrictions.get(access.patientId());
            if (restricted == null) {
                entries.add(entry.withOutcome(AuditOutcome.NOT_FOUND));
            } else if (decide(user, access, restricted, null) == Decision.NORMAL) {
                entries.add(entry);
                allowed.add(access.patientId());
            } else {
                entries.add(entry.withOutcome(AuditOutcome.DENIED));
            }
        }
        audit.recordAll(entries);
        return allowed;
    }

    /** Whether the current user could open this patient's chart now, without recording anything. */
    public boolean canOpen(long patientId) {
        CurrentUser user = CurrentUser.require();
        Boolean restricted = policy.restricted(patientId).orElse(null);
        return restricted != null
                && decide(user, PatientAccess.view(DataCategory.DEMOGRAPHICS, patientId, "Patient", patientId),
                restricted, null) != Decision.REFUSED;
    }


    /** A search over many patients: needs {@code patient.search}; recorded with the number of results. */
    public void search(DataCategory category, String resourceType, String criteria, int results) {
        CurrentUser user = CurrentUser.require();
        AuditEntry entry = new AuditEntry(AuditAction.SEARCH, category, AuditOutcome.SUCCESS, null, resourceType, null,
                null, (settings.recordSearches() ? criteria + "; " : "")
                + results + " result(s)");
        if (!permissions.has(user, Permissions.PATIENT_SEARCH)) {
            audit.record(entry.withOutcome(AuditOutcome.DENIED));
            throw new org.springframework.security.access.AccessDeniedException("You may not search patients");
        }
        audit.record(entry);
    }

    /**
     * A list that shows several patients (a queue, a report): one event naming the patients shown. Callers have
     * already been authorized for the list by URL permission.
     */
    public void list(DataCategory category, String resourceType, java.util.Collection<Long> patientIds, String what) {
        CurrentUser.require();
        java.util.List<Long> ids = patientIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
        String shown = ids.isEmpty() ? "no patients" : "patients shown: " + ids.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        audit.record(new AuditEntry(AuditAction.VIEW, category, AuditOutcome.SUCCESS, ids.size() == 1 ? ids.getFirst() : null,
                resourceType, null, null, what + "; " + shown));
    }

    /**
     * A read of one entry of the provider directory or the facilities (not patient information): needs
     * {@code directory.read}. The refusal is recorded and thrown before anything is read; a read is recorded with its
     * outcome (NOT_FOUND when {@code read} throws {@link org.chartkeeper.NotFoundException}) before it is shown.
     */
    public <T> T directoryRead(String resourceType, String resourceId, java.util.function.Supplier<T> read) {
        AuditEntry entry = new AuditEntry(AuditAction.VIEW, DataCategory.DIRECTORY, AuditOutcome.SUCCESS, null,
                resourceType, resourceId, null, null);
        requireDirectory(entry);
        T found;
        try {
            found = read.get();
        } catch (org.chartkeeper.NotFoundException missing) {
            audit.record(entry.withOutcome(AuditOutcome.NOT_FOUND));
            throw missing;
        }
        audit.record(entry);
        return found;
    }

    /**
     * A search of the provider directory or the facilities: needs {@code directory.read}; recorded with the criteria
     * (when searches are recorded in detail) and the number of results, refusals too.
     */
    public <T> java.util.List<T> directorySearch(String resourceType, String criteria,
                                                 java.util.function.Supplier<java.util.List<T>> search) {
        AuditEntry entry = new AuditEntry(AuditAction.SEARCH, DataCategory.DIRECTORY, AuditOutcome.SUCCESS, null,
                resourceType, null, null, settings.recordSearches() ? criteria : null);
        requireDirectory(entry);
        java.util.List<T> found = search.get();
        audit.record(entry.withDetail((entry.detail() == null ? "" : entry.detail() + "; ") + found.size() + " result(s)"));
        return found;
    }

    private void requireDirectory(AuditEntry entry) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, Permissions.DIRECTORY_READ)) {
            audit.record(entry.withOutcome(AuditOutcome.DENIED).withDetail("refused: no " + Permissions.DIRECTORY_READ));
            throw new org.springframework.security.access.AccessDeniedException(
                    "Reading the provider directory and the facilities needs the " + Permissions.DIRECTORY_READ + " permission");
        }
    }

    private enum Decision { NORMAL, EMERGENCY, REFUSED }

    private Decision decide(CurrentUser user, PatientAccess access, boolean restricted, String changePermission) {
        boolean allowed;
        if (changePermission != null) {
            allowed = permissions.has(user, changePermission) && (permissions.has(user, Permissions.PATIENT_READ)
                    || permissions.has(user, Permissions.PATIENT_READ_CARE)
                    && policy.inCareOf(user.id(), access.patientId()));
        } else if (isChange(access.action())) {
            allowed = permissions.has(user, Permissions.PATIENT_WRITE);
        } else {
            allowed = permissions.has(user, Permissions.PATIENT_READ)
                    || (permissions.has(user, Permissions.PATIENT_READ_CARE)
                    && policy.inCareOf(user.id(), access.patientId()));
        }
        if (allowed && restricted) {
            allowed = permissions.has(user, Permissions.PATIENT_READ_RESTRICTED);
        }
        if (allowed) return Decision.NORMAL;
        if (!isChange(access.action()) && hasActiveGrant(user.id(), access.patientId())) return Decision.EMERGENCY;
        return Decision.REFUSED;
    }

    private boolean hasActiveGrant(long userId, long patientId) {
        return jdbc.sql("select count(*) from break_glass_grant where user_id = ? and patient_id = ? and expires_at > ?")
                .params(userId, patientId, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .query(Long.class).single() > 0;
    }

    private static boolean isChange(AuditAction action) {
        return action == AuditAction.CREATE || action == AuditAction.UPDATE || action == AuditAction.DELETE;
    }
}
