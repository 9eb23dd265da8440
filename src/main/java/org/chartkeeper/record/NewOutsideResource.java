package org.chartkeeper.record;

import java.time.Instant;

/**
 * One resource of a patient's clinical data received from another system, to keep. {@code id} is this system's id,
 * given out beforehand by {@link OutsideDataService#reserveIds} (the content already refers to it and to the ids of
 * the other resources of its Bundle); a resource received before under the same sender key keeps its first id.
 */
public record NewOutsideResource(long id, Long encounterId, String resourceType, String sourceSystem,
                                 String sourceIdentifier, String codeSystem, String code, Instant effectiveAt,
                                 String status, String content) {}
