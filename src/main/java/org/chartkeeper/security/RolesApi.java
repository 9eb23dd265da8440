package org.chartkeeper.security;

import java.util.LinkedHashSet;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The role-to-permission matrix over JSON ({@code admin.roles}). */
@RestController
@RequestMapping("/api/admin/roles")
class RolesApi {

    private final RoleService roles;

    RolesApi(RoleService roles) {
        this.roles = roles;
    }

    record PermissionsChange(List<String> permissions, Integer version) {}

    record MfaChange(Boolean mfaRequired, Integer version) {}

    @NoPatientData
    @GetMapping
    RoleService.Matrix matrix() {
        return roles.matrix();
    }

    @NoPatientData
    @GetMapping("/{code}")
    RoleService.RoleGrants get(@PathVariable String code) {
        return roles.get(code);
    }

    @NoPatientData
    @PutMapping("/{code}/permissions")
    RoleService.RoleGrants setPermissions(@PathVariable String code, @RequestBody PermissionsChange body) {
        if (body.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
        return roles.setPermissions(code, body.permissions() == null ? null : new LinkedHashSet<>(body.permissions()),
                body.version());
    }

    @NoPatientData
    @PutMapping("/{code}/mfa-required")
    RoleService.RoleGrants setMfaRequired(@PathVariable String code, @RequestBody MfaChange body) {
        if (body.mfaRequired() == null) throw new InvalidRequestException("mfaRequired", "Give true or false");
        if (body.version() == null) throw new InvalidRequestException("version", "Give the version you last read");
        return roles.setMfaRequired(code, body.mfaRequired(), body.version());
    }
}
