package org.chartkeeper.record;

import java.time.Instant;

/** One saved version of a document's content; versions are only ever added. */
public record DocumentVersion(long documentId, int versionNo, String fileName, String mediaType, long sizeBytes,
                              Integer pageCount, String contentSha256, Instant createdAt, String createdByName) {}
