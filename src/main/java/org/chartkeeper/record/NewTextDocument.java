package org.chartkeeper.record;

import java.time.Instant;

/**
 * A typed or dictated document to start as a draft. {@code source} is {@code typed} (default) or {@code dictated};
 * {@code authorProviderId} defaults to the current user's provider; {@code serviceAt} to now; {@code title} to the
 * type's name.
 */
public record NewTextDocument(Long encounterId, String typeCode, String title, Instant serviceAt, String body,
                              String source, Long authorProviderId) {}
