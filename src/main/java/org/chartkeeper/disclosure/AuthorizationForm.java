package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;

/** The checklist facts as a form or JSON body gives them; dates are yyyy-MM-dd. */
public record AuthorizationForm(Boolean identityVerified, Boolean present, Boolean describesInformation,
                                Boolean namesDiscloser, Boolean namesRecipient, Boolean statesPurpose, String expiresOn,
                                String expiryEvent, String signedOn, Boolean signedByRepresentative,
                                String representativeAuthority, Boolean revocationStatement,
                                Boolean conditioningStatement, Boolean redisclosureStatement, String revokedOn,
                                Boolean courtOrder, Boolean satisfactoryAssurance, List<String> facts) {

    /** Without further facts. */
    public AuthorizationForm(Boolean identityVerified, Boolean present, Boolean describesInformation,
                             Boolean namesDiscloser, Boolean namesRecipient, Boolean statesPurpose, String expiresOn,
                             String expiryEvent, String signedOn, Boolean signedByRepresentative,
                             String representativeAuthority, Boolean revocationStatement,
                             Boolean conditioningStatement, Boolean redisclosureStatement, String revokedOn,
                             Boolean courtOrder, Boolean satisfactoryAssurance) {
        this(identityVerified, present, describesInformation, namesDiscloser, namesRecipient, statesPurpose, expiresOn,
                expiryEvent, signedOn, signedByRepresentative, representativeAuthority, revocationStatement,
                conditioningStatement, redisclosureStatement, revokedOn, courtOrder, satisfactoryAssurance, null);
    }

    Authorization toAuthorization() {
        return new Authorization(t(identityVerified), t(present), t(describesInformation), t(namesDiscloser),
                t(namesRecipient), t(statesPurpose), date("authorization.expiresOn", expiresOn),
                text("authorization.expiryEvent", expiryEvent, 200), date("authorization.signedOn", signedOn),
                t(signedByRepresentative), text("authorization.representativeAuthority", representativeAuthority, 200),
                t(revocationStatement), t(conditioningStatement), t(redisclosureStatement),
                date("authorization.revokedOn", revokedOn), t(courtOrder), t(satisfactoryAssurance),
                facts == null ? Set.of() : facts.stream().filter(f -> f != null && !f.isBlank())
                        .map(f -> RequestFact.parse("authorization.facts", f)).collect(Collectors.toSet()));
    }

    private static boolean t(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "Give a date in the form yyyy-MM-dd");
        }
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) return null;
        if (value.strip().length() > max) {
            throw new InvalidRequestException(field, "At most " + max + " characters");
        }
        return value.strip();
    }
}
