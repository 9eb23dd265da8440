package org.chartkeeper.web;

import org.chartkeeper.security.PermissionService;
import org.springframework.stereotype.Component;

/** Templates ask {@code ${@access.can('audit.read')}} to decide what to show. */
@Component("access")
public class Access {

    private final PermissionService permissions;

    Access(PermissionService permissions) {
        this.permissions = permissions;
    }

    public boolean can(String permission) {
        return permissions.currentHas(permission);
    }
}
