package org.chartkeeper.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AuditService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Roles as data: which permissions each role holds and whether it requires a second factor. Every change is
 * version-checked, audited with what changed, and applied to the permission cache as soon as it commits.
 */
@Service
public class RoleService {

    private final RoleRepository roles;
    private final PermissionService permissions;
    private final AuditService audit;

    public RoleService(RoleRepository roles, PermissionService permissions, AuditService audit) {
        this.roles = roles;
        this.permissions = permissions;
        this.audit = audit;
    }

    /** One role with its permissions, as the Roles page and the API show it. */
    public record RoleGrants(String code, String name, String description, boolean mfaRequired, int version,
                             Set<String> permissions) {}

    public record Matrix(List<PermissionService.PermissionView> permissions, List<RoleGrants> roles) {}

    public Matrix matrix() {
        Map<String, Set<String>> grants = permissions.grants();
        List<RoleGrants> list = permissions.roles().stream()
                .map(r -> new RoleGrants(r.code(), r.name(), r.description(), r.mfaRequired(), r.version(),
                        new TreeSet<>(grants.getOrDefault(r.code(), Set.of()))))
                .toList();
        return new Matrix(permissions.permissions(), list);
    }

    public RoleGrants get(String code) {
        PermissionService.RoleView r = role(code);
        return new RoleGrants(r.code(), r.name(), r.description(), r.mfaRequired(), r.version(),
                roles.permissionsOf(code));
    }

    /** Replaces the permissions of a role. Refused if it would leave nobody able to edit roles. */
    @Transactional
    public RoleGrants setPermissions(String roleCode, Set<String> wanted, int expectedVersion) {
        PermissionService.RoleView role = role(roleCode);
        if (wanted == null) throw new InvalidRequestException("permissions", "Give the list of permissions (it may be empty)");
        Set<String> known = roles.permissionCodes();
        Set<String> next = new TreeSet<>();
        for (String p : wanted) {
            if (p == null || !known.contains(p)) {
                throw new InvalidRequestException("permissions", "Unknown permission '" + p + "'; known permissions: " + known);
            }
            next.add(p);
        }
        Set<String> before = roles.permissionsOf(roleCode);
        if (roles.bumpVersion(roleCode, expectedVersion) == 0) {
            throw new StaleVersionException("Role " + role.name(), expectedVersion);
        }
        roles.replacePermissions(roleCode, next);
        if (before.contains(Permissions.ADMIN_ROLES) && !next.contains(Permissions.ADMIN_ROLES)) {
            requireSomeoneCanEditRoles(roles, "permissions");
        }
        Set<String> added = new TreeSet<>(next);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(next);
        audit.record(UserService.adminChange("Role", roleCode, "permissions of role " + roleCode + ": added "
                + added + ", removed " + removed + "; now " + next));
        refreshAfterCommit();
        return get(roleCode);
    }

    @Transactional
    public RoleGrants setMfaRequired(String roleCode, boolean required, int expectedVersion) {
        PermissionService.RoleView role = role(roleCode);
        if (roles.bumpVersion(roleCode, expectedVersion) == 0) {
            throw new StaleVersionException("Role " + role.name(), expectedVersion);
        }
        roles.setMfaRequired(roleCode, required);
        audit.record(UserService.adminChange("Role", roleCode, "second factor for role " + roleCode + ": "
                + (role.mfaRequired() ? "required" : "not required") + " -> " + (required ? "required" : "not required")));
        refreshAfterCommit();
        return get(roleCode);
    }

    /** Lockout guard: called inside a change's transaction, so throwing undoes the change. */
    static void requireSomeoneCanEditRoles(RoleRepository roles, String field) {
        if (roles.enabledUsersWith(Permissions.ADMIN_ROLES) == 0) {
            throw new InvalidRequestException(field, "This change would leave no enabled user holding "
                    + Permissions.ADMIN_ROLES + ", and nobody could edit roles again");
        }
    }

    private PermissionService.RoleView role(String code) {
        return roles.find(code == null ? "" : code).orElseThrow(() -> new NotFoundException("No role '" + code + "'"));
    }

    private void refreshAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                permissions.refresh();
            }
        });
    }
}
