package org.chartkeeper.record;

/** A kind of document, as data: whether it needs an author's signature and how long it is kept. */
public record DocumentType(String code, String name, String category, boolean signatureRequired, boolean active,
                           int retentionYears, int sortOrder, int version) {}
