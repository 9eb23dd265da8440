package org.chartkeeper.disclosure;

import java.time.LocalDate;

/**
 * Something a later release of a document must carry (45 CFR 164.526(c)(3) and (d)(4)-(5)): an accepted amendment
 * (identified by the amendment document to send with it), or, after a denial, the patient's request, our denial,
 * the patient's statement of disagreement and our rebuttal.
 */
public record AmendmentStatement(long documentId, long amendmentRequestId, Kind kind, LocalDate dated, String text,
                                 Long amendmentDocumentId) {

    public enum Kind { ACCEPTED_AMENDMENT, REQUEST, DENIAL, DISAGREEMENT, REBUTTAL }
}
