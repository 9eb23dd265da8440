package org.chartkeeper.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Two registrations side by side, field by field, with the fields that differ marked. */
public record Comparison(Side a, Side b, List<Row> rows) {

    /** One registration as the comparison shows it (the SSN only masked). */
    public record Side(long id, String facilityCode, String mrn, String familyName, String givenName, String middleName,
                       LocalDate birthDate, String sex, String addressLine, String city, String state,
                       String postalCode, String phone, String email, String ssnMasked, String language, String race,
                       String ethnicity, String status, Long mergedInto, boolean restricted, Instant createdAt,
                       long encounters, List<String> identifiers) {

        Side withIdentifiers(List<String> ids) {
            return new Side(id, facilityCode, mrn, familyName, givenName, middleName, birthDate, sex, addressLine, city,
                    state, postalCode, phone, email, ssnMasked, language, race, ethnicity, status, mergedInto,
                    restricted, createdAt, encounters, List.copyOf(ids));
        }

        public String displayName() {
            return familyName + ", " + givenName + (middleName == null || middleName.isBlank() ? "" : " " + middleName);
        }
    }

    /** A field of both sides; {@code differs} compares them ignoring case, spacing and punctuation. */
    public record Row(String label, String a, String b, boolean differs) {}

    static Comparison of(Side a, Side b) {
        List<Row> rows = new ArrayList<>();
        add(rows, "Family name", a.familyName(), b.familyName());
        add(rows, "Given name", a.givenName(), b.givenName());
        add(rows, "Middle name", a.middleName(), b.middleName());
        add(rows, "Date of birth", text(a.birthDate()), text(b.birthDate()));
        add(rows, "Sex", a.sex(), b.sex());
        add(rows, "Address", a.addressLine(), b.addressLine());
        add(rows, "City", a.city(), b.city());
        add(rows, "State", a.state(), b.state());
        add(rows, "ZIP code", a.postalCode(), b.postalCode());
        add(rows, "Phone", digits(a.phone()), digits(b.phone()), a.phone(), b.phone());
        add(rows, "Email", a.email(), b.email());
        add(rows, "SSN", a.ssnMasked(), b.ssnMasked());
        add(rows, "Language", a.language(), b.language());
        add(rows, "Race", a.race(), b.race());
        add(rows, "Ethnicity", a.ethnicity(), b.ethnicity());
        add(rows, "MRN", a.facilityCode() + " " + a.mrn(), b.facilityCode() + " " + b.mrn());
        return new Comparison(a, b, List.copyOf(rows));
    }

    /** Sex or date of birth differ: merging needs an explicit override with a reason. */
    public boolean conflicting() {
        return !Objects.equals(a.birthDate(), b.birthDate()) || !Objects.equals(norm(a.sex()), norm(b.sex()));
    }

    private static void add(List<Row> rows, String label, String a, String b) {
        add(rows, label, norm(a), norm(b), a, b);
    }

    private static void add(List<Row> rows, String label, String keyA, String keyB, String a, String b) {
        rows.add(new Row(label, a, b, !Objects.equals(keyA, keyB)));
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static final java.util.regex.Pattern NOT_LETTER_OR_DIGIT = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

    private static String digits(String s) {
        return s == null ? null : RegistrationRules.NON_DIGIT.matcher(s).replaceAll("");
    }

    static String norm(String s) {
        if (s == null) return null;
        String n = NOT_LETTER_OR_DIGIT.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return n.isEmpty() ? null : n;
    }
}
