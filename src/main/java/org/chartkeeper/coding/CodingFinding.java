package org.chartkeeper.coding;

/** One edit that an abstract fails: which edit, on which code, what to do, and where the rule comes from. */
public record CodingFinding(String edit, String code, String message, String source) {}
