package org.chartkeeper.patient;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.chartkeeper.InvalidRequestException;

/**
 * Search criteria; any combination, at least one. Sent in a POST body, never in a URL (FHIR's fixed GET search is
 * the one exception the interface demands). Names match from their start, ignoring case, unless {@code exactFamily};
 * {@code given} also matches the middle name; with {@code soundsLike}, names that sound alike are found after those; the date of birth is a range (equal ends for one day); an identifier
 * matches by value, within {@code identifierSystem} when given; the phone matches on its digits.
 */
public record PatientSearch(String family, boolean exactFamily, String given, LocalDate bornFrom, LocalDate bornTo,
                            String mrn, String identifierSystem, String identifierValue, String phone, String address,
                            boolean soundsLike) {

    /** Without an address; names that sound alike are found too. */
    public PatientSearch(String family, boolean exactFamily, String given, LocalDate bornFrom, LocalDate bornTo,
                         String mrn, String identifierSystem, String identifierValue, String phone) {
        this(family, exactFamily, given, bornFrom, bornTo, mrn, identifierSystem, identifierValue, phone, null, true);
    }

    public PatientSearch {
        address = blank(address);
        if (address != null && address.length() > 200) {
            throw new InvalidRequestException("address", "Address is too long (at most 200 characters)");
        }
        family = blank(family);
        given = blank(given);
        mrn = blank(mrn);
        identifierSystem = blank(identifierSystem);
        identifierValue = blank(identifierValue);
        phone = blank(phone);
        if (phone != null) {
            String digits = phone.replaceAll("\\D", "");
            if (digits.length() == 11 && digits.startsWith("1")) digits = digits.substring(1);
            if (digits.length() != 10) throw new InvalidRequestException("phone", "Phone must have 10 digits");
            phone = digits;
        }
        if (identifierSystem != null && identifierValue == null) {
            throw new InvalidRequestException("identifier", "Give the identifier's value (system|value, or the value alone)");
        }
    }

    /** Criteria as a form or a JSON body gives them; a date of birth that is not yyyy-MM-dd is refused, named. */
    public static PatientSearch of(String name, String birthDate, String mrn) {
        return of(name, birthDate, mrn, null, null);
    }

    /**
     * As {@link #of(String, String, String)}, with an identifier ({@code value}, or {@code system|value}) and a phone.
     * The name is "Family, Given" or "Family Given".
     */
    public static PatientSearch of(String name, String birthDate, String mrn, String identifier, String phone) {
        return of(name, birthDate, mrn, identifier, phone, null);
    }

    /** As above, with the street address (abbreviations such as St and Ave match the full words). */
    public static PatientSearch of(String name, String birthDate, String mrn, String identifier, String phone,
                                   String address) {
        LocalDate birth = null;
        if (birthDate != null && !birthDate.isBlank()) {
            try {
                birth = LocalDate.parse(birthDate.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("birthDate", "Date of birth must be a date in the form yyyy-MM-dd");
            }
        }
        String family = null;
        String given = null;
        if (name != null && !name.isBlank()) {
            String[] parts = name.strip().split("\\s*,\\s*|\\s+", 2);
            family = parts[0];
            given = parts.length > 1 ? parts[1] : null;
        }
        String system = null;
        String value = blank(identifier);
        if (value != null && value.contains("|")) {
            system = value.substring(0, value.indexOf('|'));
            value = value.substring(value.indexOf('|') + 1);
        }
        return new PatientSearch(family, false, given, birth, birth, mrn, system, value, phone, address, true);
    }

    public boolean isEmpty() {
        return family == null && given == null && bornFrom == null && bornTo == null && mrn == null
                && identifierValue == null && phone == null && address == null;
    }

    /** Which criteria were used, without their values (the audit trail records this, not the values). */
    public String describe() {
        StringBuilder b = new StringBuilder("criteria:");
        if (family != null || given != null) b.append(" name");
        if (bornFrom != null || bornTo != null) b.append(" birthDate");
        if (mrn != null) b.append(" mrn");
        if (identifierValue != null) b.append(" identifier");
        if (phone != null) b.append(" phone");
        if (address != null) b.append(" address");
        return b.toString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
