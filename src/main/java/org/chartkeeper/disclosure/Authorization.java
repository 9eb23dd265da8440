package org.chartkeeper.disclosure;

import java.time.LocalDate;

/**
 * What the specialist found on the request's papers: the requester's identity check, the HIPAA authorization's core
 * elements and required statements (45 CFR 164.508(c)), a personal representative's authority, and for legal process
 * whether a judge signed it or the requester gave satisfactory assurance (164.512(e)).
 */
public record Authorization(
        boolean identityVerified,
        boolean present,
        boolean describesInformation,
        boolean namesDiscloser,
        boolean namesRecipient,
        boolean statesPurpose,
        LocalDate expiresOn,
        String expiryEvent,
        LocalDate signedOn,
        boolean signedByRepresentative,
        String representativeAuthority,
        boolean revocationStatement,
        boolean conditioningStatement,
        boolean redisclosureStatement,
        LocalDate revokedOn,
        boolean courtOrder,
        boolean satisfactoryAssurance) {

    public static final Authorization NONE = new Authorization(false, false, false, false, false, false, null, null,
            null, false, null, false, false, false, null, false, false);

    public Authorization {
        expiryEvent = blank(expiryEvent);
        representativeAuthority = blank(representativeAuthority);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
