package org.chartkeeper.disclosure;

/**
 * A consent as a form or JSON sends it; dates yyyy-MM-dd. {@code identifierSystem} and {@code identifierValue}: the
 * business identifier its sender gave (a FHIR Consent.identifier), or null.
 */
public record NewConsent(String category, String recipient, String purpose, String periodStart, String periodEnd,
                         Long documentId, String identifierSystem, String identifierValue) {

    public NewConsent(String category, String recipient, String purpose, String periodStart, String periodEnd,
                      Long documentId) {
        this(category, recipient, purpose, periodStart, periodEnd, documentId, null, null);
    }
}
