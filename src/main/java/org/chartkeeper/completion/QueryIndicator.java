package org.chartkeeper.completion;

/** A clinical indicator a query cites: a document of the encounter and an excerpt quoted from it. */
public record QueryIndicator(long documentId, String excerpt, String documentTitle) {}
