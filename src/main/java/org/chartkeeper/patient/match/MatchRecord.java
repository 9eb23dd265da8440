package org.chartkeeper.patient.match;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.chartkeeper.patient.Demographics;

/**
 * One person's demographics standardized once, ready to be compared many times: names in upper case with their
 * Double Metaphone codes and nickname groups, the address in Publication 28 form, phone and SSN digits.
 * {@code id} is the patient id (or any record id in an evaluation); 0 for a person not yet registered.
 */
public record MatchRecord(long id, String given, String givenCode, Set<String> givenGroups, String family,
                          String familyCode, String middle, LocalDate birthDate, String sex, String address,
                          String houseNumber, String city, String state, String zip, String phone, String email,
                          String ssn, String ssnLast4, Set<String> identifiers) {

    private static final ThreadLocal<DoubleMetaphone> METAPHONE = ThreadLocal.withInitial(() -> {
        DoubleMetaphone dm = new DoubleMetaphone();
        dm.setMaxCodeLen(6);
        return dm;
    });

    public static MatchRecord of(long id, Demographics d) {
        return of(id, d, null);
    }

    /** As {@link #of(long, Demographics)}, with the last four SSN digits when only those are stored. */
    public static MatchRecord of(long id, Demographics d, String ssnLast4) {
        NameStandardizer names = NameStandardizer.standard();
        String given = names.standardize(d.givenName());
        String family = names.standardize(d.familyName());
        String middle = names.standardize(d.middleName());
        String address = AddressStandardizer.standardize(d.addressLine());
        String city = names.standardize(d.city());
        String ssn = ContactStandardizer.ssn(d.ssn());
        String last4 = ssn != null ? ssn.substring(5) : ssnLast4 == null || ssnLast4.isBlank() ? null : ssnLast4.strip();
        Set<String> ids = new TreeSet<>();
        for (Demographics.Identifier i : d.identifiers()) {
            if (i.value() == null || i.system() == null || "MR".equalsIgnoreCase(i.typeCode())) continue;
            ids.add(i.system().strip() + "|" + i.value().strip().toUpperCase(Locale.ROOT));
        }
        return new MatchRecord(id, given, code(given), names.nicknameGroups(given), family, code(family), middle,
                d.birthDate(), sex(d.sex()), address, AddressStandardizer.houseNumber(address), city,
                d.state() == null || d.state().isBlank() ? null : d.state().strip().toUpperCase(Locale.ROOT),
                AddressStandardizer.zip5(d.postalCode()), ContactStandardizer.phone(d.phone()),
                ContactStandardizer.email(d.email()), ssn, last4, Set.copyOf(ids));
    }

    /** This record with the full SSN (read from its encrypted column), standardized as {@link #of} does. */
    public MatchRecord withSsn(String fullSsn) {
        String s = ContactStandardizer.ssn(fullSsn);
        if (s == null) return this;
        return new MatchRecord(id, given, givenCode, givenGroups, family, familyCode, middle, birthDate, sex, address,
                houseNumber, city, state, zip, phone, email, s, s.substring(5), identifiers);
    }

    /** The primary Double Metaphone code of a standardized name (spaces removed), or null. */
    public static String code(String standardized) {
        if (standardized == null) return null;
        String c = METAPHONE.get().doubleMetaphone(standardized.replace(" ", ""));
        return c == null || c.isEmpty() ? null : c;
    }

    static String sex(String sex) {
        if (sex == null || sex.isBlank()) return null;
        String s = sex.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "f", "female", "w" -> "F";
            case "m", "male" -> "M";
            default -> null; // other and unknown do not take part in matching
        };
    }
}
