package org.chartkeeper.security;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes to role and role_permission; reads for the Roles page go through {@link PermissionService}. */
@Repository
class RoleRepository {

    private final JdbcClient jdbc;

    RoleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PermissionService.RoleView> find(String code) {
        return jdbc.sql("select code, name, description, mfa_required, version from role where code = ?").param(code)
                .query((rs, n) -> new PermissionService.RoleView(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getInt(5)))
                .optional();
    }

    /** Read from the table, not the cache, so that a change is compared with what is really stored. */
    Set<String> permissionsOf(String roleCode) {
        return new TreeSet<>(jdbc.sql("select permission_code from role_permission where role_code = ?")
                .param(roleCode).query(String.class).list());
    }

    Set<String> permissionCodes() {
        return new TreeSet<>(jdbc.sql("select code from permission").query(String.class).list());
    }

    int bumpVersion(String code, int expectedVersion) {
        return jdbc.sql("update role set version = version + 1 where code = ? and version = ?")
                .params(code, expectedVersion).update();
    }

    void replacePermissions(String roleCode, Set<String> permissions) {
        jdbc.sql("delete from role_permission where role_code = ?").param(roleCode).update();
        for (String p : permissions) {
            jdbc.sql("insert into role_permission (role_code, permission_code) values (?, ?)").params(roleCode, p).update();
        }
    }

    void setMfaRequired(String code, boolean required) {
        jdbc.sql("update role set mfa_required = ? where code = ?").params(required, code).update();
    }

    /** Enabled accounts that hold {@code permission} through one of their roles, as the tables say now. */
    long enabledUsersWith(String permission) {
        return jdbc.sql("select count(distinct u.id) from app_user u join user_role ur on ur.user_id = u.id"
                        + " join role_permission rp on rp.role_code = ur.role_code"
                        + " where u.enabled and rp.permission_code = ?")
                .param(permission).query(Long.class).single();
    }
}
