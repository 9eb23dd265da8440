package org.chartkeeper.disclosure;

import java.time.Instant;

/** A built release package: one PDF stored by its SHA-256, its Bates range and what it holds. */
public record ReleasePackage(long id, long requestId, String packageNo, String sha256, long sizeBytes, int pageCount,
                             int recordPages, String batesFirst, String batesLast, String watermark,
                             boolean part2Notice, int documents, int redactions, Instant builtAt, boolean current,
                             String contents) {}
