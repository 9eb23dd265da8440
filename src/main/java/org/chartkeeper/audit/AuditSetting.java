package org.chartkeeper.audit;

import java.time.Instant;

/**
 * One row of the {@code setting} table with what the Audit settings page needs to edit it. {@code kind} is
 * "boolean" or "number"; {@code min}/{@code max} bound numbers. {@code editable} is false for settings this page
 * does not know how to validate (added by another capability).
 */
public record AuditSetting(String key, String value, String label, String description, String kind, Integer min,
                           Integer max, String unit, boolean editable, Instant updatedAt, String updatedBy,
                           int version) {}
