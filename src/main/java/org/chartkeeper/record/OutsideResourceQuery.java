package org.chartkeeper.record;

import java.time.Instant;

/**
 * A search within one patient's received clinical data of one resource type: by code (system optional), status,
 * encounter, effective time [from, to) and last change [changedFrom, changedTo); all optional. Newest effective first.
 */
public record OutsideResourceQuery(String resourceType, String codeSystem, String code, String status, Long encounterId,
                                   Instant from, Instant to, Instant changedFrom, Instant changedTo) {}
