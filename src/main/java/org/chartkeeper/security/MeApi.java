package org.chartkeeper.security;

import java.util.List;
import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the token (or session) acts as, and what they may do. */
@RestController
class MeApi {

    private final PermissionService permissions;

    MeApi(PermissionService permissions) {
        this.permissions = permissions;
    }

    record Me(long id, String username, String displayName, List<String> roles, List<String> permissions) {}

    @NoPatientData
    @GetMapping("/api/me")
    Me me() {
        CurrentUser u = CurrentUser.require();
        return new Me(u.id(), u.username(), u.displayName(), u.roles().stream().sorted().toList(),
                List.copyOf(permissions.permissionsOf(u)));
    }
}
