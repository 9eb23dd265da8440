package org.chartkeeper.record;

/** One file of a scanned batch as received (from the scanner or an upload). */
public record ScanFile(String fileName, byte[] bytes) {}
