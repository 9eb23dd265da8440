package org.chartkeeper.coding;

/** The outcome of importing one file: the version, and whether it is new (false: that exact file was already in). */
public record ImportResult(CodeSetVersion version, boolean imported, String sourceName, long millis) {}
