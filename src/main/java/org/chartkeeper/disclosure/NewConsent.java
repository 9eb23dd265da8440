package org.chartkeeper.disclosure;

/** A consent as a form or JSON sends it; dates yyyy-MM-dd. */
public record NewConsent(String category, String recipient, String purpose, String periodStart, String periodEnd,
                         Long documentId) {}
