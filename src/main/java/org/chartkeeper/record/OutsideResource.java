package org.chartkeeper.record;

import java.time.Instant;

/**
 * A resource of clinical data received from another system (a FHIR import), kept as received: its JSON (references
 * rewritten to this system's ids) and the fields its searches need.
 */
public record OutsideResource(long id, long patientId, Long encounterId, String resourceType, String sourceSystem,
                              String sourceIdentifier, String codeSystem, String code, Instant effectiveAt,
                              String status, String content, String sha256, Instant receivedAt, Instant updatedAt,
                              int version) {}
