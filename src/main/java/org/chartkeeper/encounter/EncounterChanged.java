package org.chartkeeper.encounter;

/**
 * Published (as a Spring application event, inside the transaction) when an encounter is admitted, updated,
 * discharged, or a discharge or visit is cancelled, so that other capabilities (chart completion) can react.
 */
public record EncounterChanged(long encounterId, long patientId, String change) {}
