package org.chartkeeper.record;

import java.time.Instant;

/**
 * A document received from another system (a FHIR import of a DocumentReference) to file in a chart: its content
 * as sent ({@code mediaType}, {@code bytes}), the text to search it by (null when it has none), the sender's
 * identifier ({@code sourceSystem}, {@code sourceIdentifier}) by which the same document sent again is found.
 */
public record ImportedDocument(Long encounterId, String typeCode, String title, Instant serviceAt, Long authorProviderId,
                               String sourceSystem, String sourceIdentifier, String mediaType, byte[] bytes,
                               String text) {}
