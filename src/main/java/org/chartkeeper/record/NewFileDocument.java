package org.chartkeeper.record;

import java.time.Instant;

/** An uploaded file (PDF, TIFF, PNG or JPEG) to file in a chart. {@code title} defaults to the type's name. */
public record NewFileDocument(Long encounterId, String typeCode, String title, Instant serviceAt, String fileName,
                              byte[] bytes) {}
