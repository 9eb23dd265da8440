package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.util.Set;

/**
 * What the specialist found on the request's papers: the requester's identity check, the HIPAA authorization's core
 * elements and required statements (45 CFR 164.508(c)), a personal representative's authority, for legal process
 * whether a judge signed it or the requester gave satisfactory assurance (164.512(e)), and the other facts verified
 * ({@link RequestFact}: legal process and the three-part test for law enforcement, a government official's legal
 * authority, the workers' compensation claim, the provider's treating relationship, the payer's purpose and member
 * match, an IRB waiver).
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
        boolean satisfactoryAssurance,
        Set<RequestFact> facts) {

    public static final Authorization NONE = new Authorization(false, false, false, false, false, false, null, null,
            null, false, null, false, false, false, null, false, false);

    public Authorization {
        expiryEvent = blank(expiryEvent);
        representativeAuthority = blank(representativeAuthority);
        facts = RequestFact.copy(facts);
    }

    /** Without further facts. */
    public Authorization(boolean identityVerified, boolean present, boolean describesInformation, boolean namesDiscloser,
                         boolean namesRecipient, boolean statesPurpose, LocalDate expiresOn, String expiryEvent,
                         LocalDate signedOn, boolean signedByRepresentative, String representativeAuthority,
                         boolean revocationStatement, boolean conditioningStatement, boolean redisclosureStatement,
                         LocalDate revokedOn, boolean courtOrder, boolean satisfactoryAssurance) {
        this(identityVerified, present, describesInformation, namesDiscloser, namesRecipient, statesPurpose, expiresOn,
                expiryEvent, signedOn, signedByRepresentative, representativeAuthority, revocationStatement,
                conditioningStatement, redisclosureStatement, revokedOn, courtOrder, satisfactoryAssurance, Set.of());
    }

    public boolean has(RequestFact fact) {
        return facts.contains(fact);
    }

    /** The same papers with these facts verified (added to those already). */
    public Authorization with(RequestFact... more) {
        java.util.EnumSet<RequestFact> all = java.util.EnumSet.noneOf(RequestFact.class);
        all.addAll(facts);
        all.addAll(java.util.List.of(more));
        return new Authorization(identityVerified, present, describesInformation, namesDiscloser, namesRecipient,
                statesPurpose, expiresOn, expiryEvent, signedOn, signedByRepresentative, representativeAuthority,
                revocationStatement, conditioningStatement, redisclosureStatement, revokedOn, courtOrder,
                satisfactoryAssurance, all);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
