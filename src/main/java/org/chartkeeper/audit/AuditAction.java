package org.chartkeeper.audit;

/** What was done. The first eight are the ASTM E2147 / ONC (d)(2) actions on patient information. */
public enum AuditAction {
    VIEW, SEARCH, CREATE, UPDATE, DELETE, PRINT, EXPORT, DISCLOSE,
    EMERGENCY_ACCESS, LOGIN, LOGIN_FAILED, LOGOUT, MFA_ENROL, ADMIN_CHANGE, VERIFY
}
