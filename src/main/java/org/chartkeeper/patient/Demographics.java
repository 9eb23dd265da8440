package org.chartkeeper.patient;

import java.time.LocalDate;
import java.util.List;

/**
 * A person as registration describes them: what the matcher compares and what registration stores. Any field but
 * the names may be null.
 */
public record Demographics(String familyName, String givenName, String middleName, LocalDate birthDate, String sex,
                           String addressLine, String city, String state, String postalCode, String phone,
                           String email, String ssn, List<Identifier> identifiers) {

    public Demographics {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }

    /** An identifier with its assigning authority (system) and HL7 type code (MR, PI, ...). */
    public record Identifier(String system, String value, String typeCode) {}
}
