package org.chartkeeper.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergency access (break-the-glass): a user allowed to use it opens a chart outside their normal permissions by
 * giving a reason. The grant lasts {@code breakglass.grant-minutes}; the access is recorded with the reason
 * (EMERGENCY_ACCESS) and lands in the privacy officer's review queue, due within {@code breakglass.review-due-hours}.
 * {@link AccessGate} honours active grants.
 */
@Service
public class BreakGlassService {

    public static final String REVIEW_TYPE = "breakglass-review";
    public static final int MIN_REASON = 10;
    public static final int MAX_REASON = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final BreakGlassRepository grants;
    private final AuditService audit;
    private final PatientAccessPolicy patients;
    private final PermissionService permissions;
    private final WorkQueueService queues;
    private final AuditSettingsService settings;
    private final Clock clock;

    public BreakGlassService(BreakGlassRepository grants, AuditService audit, PatientAccessPolicy patients,
                             PermissionService permissions, WorkQueueService queues, AuditSettingsService settings,
                             Clock clock) {
        this.grants = grants;
        this.settings = settings;
        this.audit = audit;
        this.patients = patients;
        this.permissions = permissions;
        this.queues = queues;
        this.clock = clock;
    }

    /** Grants the current user emergency access to one patient's record. */
    @Transactional
    public BreakGlassGrant grant(Long patientId, String reason) {
        CurrentUser me = CurrentUser.require();
        if (!permissions.has(me, Permissions.BREAKGLASS_USE)) {
            audit.record(new AuditEntry(AuditAction.EMERGENCY_ACCESS, DataCategory.DEMOGRAPHICS, AuditOutcome.DENIED,
                    patientId, "BreakGlassGrant", null, null, "refused: the user may not use emergency access"));
            throw new AccessDeniedException("Your role does not permit emergency access");
        }
        if (patientId == null) throw new InvalidRequestException("patientId", "patientId is required");
        String why = reason == null ? "" : reason.strip();
        if (why.length() < MIN_REASON || why.length() > MAX_REASON) {
            throw new InvalidRequestException("reason", "Give the reason for emergency access in " + MIN_REASON + " to "
                    + MAX_REASON + " characters (you gave " + why.length() + ")");
        }
        if (patients.restricted(patientId).isEmpty()) {
            audit.record(new AuditEntry(AuditAction.EMERGENCY_ACCESS, DataCategory.DEMOGRAPHICS, AuditOutcome.NOT_FOUND,
                    patientId, "Patient", String.valueOf(patientId), why, null));
            throw new PatientNotFoundException(patientId);
        }
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofMinutes(settings.intValue(AuditSettingsService.GRANT_MINUTES)));
        long grantId = grants.insert(me.id(), patientId, why, now, expires);
        long seq = audit.record(new AuditEntry(AuditAction.EMERGENCY_ACCESS, DataCategory.DEMOGRAPHICS,
                AuditOutcome.SUCCESS, patientId, "BreakGlassGrant", String.valueOf(grantId), why,
                "emergency access granted until " + TIME.format(expires)));
        grants.setAuditSeq(grantId, seq);
        Instant reviewDue = now.plus(Duration.ofHours(settings.intValue(AuditSettingsService.REVIEW_DUE_HOURS)));
        String detail = me.displayName() + " (" + me.username() + ") opened patient " + patientId
                + "'s record by emergency access at " + TIME.format(now) + ".\nReason given: " + why
                + "\nThe access lasts until " + TIME.format(expires) + ". Audit event " + seq + ".";
        WorkItem review = queues.create(NewWorkItem.of(REVIEW_TYPE, "BreakGlassGrant", grantId, patientId,
                "Emergency access by " + me.username(), detail).withPriority(2).dueAt(reviewDue), Actor.of(me));
        return new BreakGlassGrant(grantId, me.id(), patientId, why, now, expires, seq, review.id());
    }
}
