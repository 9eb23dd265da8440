package org.chartkeeper.completion;

import java.util.List;

/**
 * A query to write: the encounter, the addressed provider, the template; {@code question} and {@code options}
 * default to the template's; {@code indicators} cite the encounter's documents. {@code send} sends it at once.
 */
public record NewPhysicianQuery(Long encounterId, Long providerId, Long templateId, String question,
                                List<String> options, List<Indicator> indicators, Boolean send) {

    public record Indicator(Long documentId, String excerpt) {}
}
