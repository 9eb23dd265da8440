package org.chartkeeper.record;

/**
 * Published (as a Spring application event, inside the transaction) when a document is added, signed, co-signed,
 * amended or entered in error, so that other capabilities (chart completion) can react without the record
 * depending on them. {@code change}: created, signed, cosigned, entered-in-error, filed.
 */
public record RecordChanged(long documentId, long patientId, Long encounterId, String change) {}
