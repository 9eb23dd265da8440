package org.chartkeeper.audit;

import java.util.List;
import java.util.Objects;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemCompletion;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The privacy officer's decision on an emergency access: appropriate, or referred for investigation. Needs
 * breakglass.review; nobody reviews their own access. The decision is recorded in the audit trail.
 */
@Component
class BreakGlassReview implements WorkItemCompletion {

    static final Outcome APPROPRIATE = new Outcome("appropriate", "Appropriate");
    static final Outcome REFER = new Outcome("refer-for-investigation", "Refer for investigation");

    private final BreakGlassRepository grants;
    private final AuditService audit;
    private final PermissionService permissions;

    BreakGlassReview(BreakGlassRepository grants, AuditService audit, PermissionService permissions) {
        this.grants = grants;
        this.audit = audit;
        this.permissions = permissions;
    }

    @Override
    public String itemType() {
        return BreakGlassService.REVIEW_TYPE;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(APPROPRIATE, REFER);
    }

    @Override
    public void checkAllowed(WorkItem item) {
        CurrentUser me = CurrentUser.require();
        if (!permissions.has(me, Permissions.BREAKGLASS_REVIEW)) {
            audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.AUDIT_TRAIL, AuditOutcome.DENIED,
                    item.patientId(), "BreakGlassGrant", String.valueOf(item.subjectId()), null,
                    "refused: reviewing emergency access needs breakglass.review"));
            throw new AccessDeniedException("Reviewing emergency access needs the breakglass.review permission");
        }
        if (item.subjectId() != null && grants.userOf(item.subjectId()).filter(u -> Objects.equals(u, me.id())).isPresent()) {
            throw new InvalidRequestException("status", "You cannot review your own emergency access; another privacy officer must");
        }
    }

    @Override
    public void completed(WorkItem item, Outcome outcome, String note) {
        audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.AUDIT_TRAIL, AuditOutcome.SUCCESS, item.patientId(),
                "BreakGlassGrant", String.valueOf(item.subjectId()), note,
                "emergency access review (work item " + item.id() + "): " + outcome.label()));
    }
}
