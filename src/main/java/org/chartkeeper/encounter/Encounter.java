package org.chartkeeper.encounter;

import java.time.Instant;

/**
 * An admission or visit. {@code encounterClass} is INPATIENT, OUTPATIENT or EMERGENCY; {@code updatedAt} is the time
 * of its last change (FHIR meta.lastUpdated).
 */
public record Encounter(long id, long patientId, String accountNumber, String encounterClass, String status,
                        Instant admitAt, Instant dischargeAt, Long attendingProviderId, String attendingName,
                        String department, String dischargeDisposition, int version, Instant updatedAt) {}
