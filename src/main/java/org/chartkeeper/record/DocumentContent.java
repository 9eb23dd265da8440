package org.chartkeeper.record;

/** A document version's content, read back and verified against its SHA-256: text, or a file's bytes. */
public record DocumentContent(Document document, int versionNo, String text, byte[] bytes, String mediaType,
                              String fileName, String sha256) {}
