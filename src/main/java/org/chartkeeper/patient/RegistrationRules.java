package org.chartkeeper.patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;

/**
 * What a registration must satisfy, and its values tidied for storage. Each refusal names the field (as the JSON
 * API and the registration form call it) so that every interface can point at it.
 */
final class RegistrationRules {

    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    private static final Set<String> SEXES = Set.of("female", "male", "other", "unknown");

    private RegistrationRules() {}

    /** A registration that passed the rules: trimmed, blanks as null, phone digits and SSN digits split out. */
    record Valid(String family, String given, String middle, LocalDate birthDate, String sex, String addressLine,
                 String city, String state, String postalCode, String phone, String phoneDigits, String email,
                 String ssnDigits, String language, String race, String ethnicity,
                 List<Demographics.Identifier> identifiers, String facilityCode, String source) {}

    static Valid check(Demographics d, RegistrationDetails details, LocalDate today) {
        if (d == null) throw new InvalidRequestException("familyName", "The patient's demographics are missing");
        RegistrationDetails x = details == null ? RegistrationDetails.from(null) : details;
        String family = required("familyName", d.familyName(), "Family name is required", 100);
        String given = required("givenName", d.givenName(), "Given name is required", 100);
        if (!family.codePoints().anyMatch(Character::isLetter)) {
            throw new InvalidRequestException("familyName", "Family name must contain letters");
        }
        if (!given.codePoints().anyMatch(Character::isLetter)) {
            throw new InvalidRequestException("givenName", "Given name must contain letters");
        }
        String middle = optional("middleName", d.middleName(), 100);
        LocalDate birth = d.birthDate();
        if (birth == null) throw new InvalidRequestException("birthDate", "Date of birth is required");
        if (birth.isAfter(today)) throw new InvalidRequestException("birthDate", "Date of birth is in the future");
        if (birth.isBefore(EARLIEST_BIRTH)) {
            throw new InvalidRequestException("birthDate", "Date of birth is before " + EARLIEST_BIRTH + "; check the year");
        }
        String sex = optional("sex", d.sex(), 10);
        if (sex == null) throw new InvalidRequestException("sex", "Sex is required (female, male, other or unknown)");
        sex = sex.toLowerCase(Locale.ROOT);
        if (!SEXES.contains(sex)) throw new InvalidRequestException("sex", "Sex must be female, male, other or unknown");
        new PatientService.ContactChange(d.addressLine(), d.city(), d.state(), d.postalCode(), d.phone(), d.email())
                .validate();
        String phone = optional("phone", d.phone(), 30);
        String ssn = ssnDigits(d.ssn());
        String language = optional("language", x.language(), 35);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new InvalidRequestException("language", "Language must be a BCP 47 code such as en, es or zh-Hant");
        }
        String race = Race.join(Race.parse(x.race()));
        if (race != null && race.length() > 60) throw new InvalidRequestException("race", "Too many race categories");
        Ethnicity ethnicity = Ethnicity.ofCode(x.ethnicity());
        List<Demographics.Identifier> identifiers = identifiers(d.identifiers());
        String state = optional("state", d.state(), 2);
        return new Valid(family, given, middle, birth, sex, optional("addressLine", d.addressLine(), 200),
                optional("city", d.city(), 100), state == null ? null : state.toUpperCase(Locale.ROOT),
                optional("postalCode", d.postalCode(), 10), phone, phone == null ? null : digits(phone),
                optional("email", d.email(), 200), ssn, language, race, ethnicity == null ? null : ethnicity.code(),
                identifiers, optional("facilityCode", x.facilityCode(), 20), optional("source", x.source(), 200));
    }

    /** A date as forms and JSON send it (yyyy-MM-dd); anything else is refused naming the field. */
    static LocalDate parseDate(String field, String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidRequestException(field, "Date of birth must be a real date in the form yyyy-MM-dd");
        }
    }

    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    static final java.util.regex.Pattern NON_DIGIT = java.util.regex.Pattern.compile("\\D");
    private static final java.util.regex.Pattern SSN = java.util.regex.Pattern.compile("\\d{3}-?\\d{2}-?\\d{4}");

    /** Ten digits, US numbers with a leading 1 shortened. */
    static String digits(String phone) {
        String digits = NON_DIGIT.matcher(phone).replaceAll("");
        return digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
    }

    private static String ssnDigits(String ssn) {
        if (ssn == null || ssn.isBlank()) return null;
        String s = ssn.strip();
        if (!SSN.matcher(s).matches()) {
            throw new InvalidRequestException("ssn", "SSN must be 9 digits (123-45-6789)");
        }
        String digits = s.replace("-", "");
        if (digits.startsWith("000") || digits.startsWith("666") || digits.startsWith("9")
                || digits.substring(3, 5).equals("00") || digits.substring(5).equals("0000")) {
            throw new InvalidRequestException("ssn", "This is not a number the Social Security Administration issues");
        }
        return digits;
    }

    private static List<Demographics.Identifier> identifiers(List<Demographics.Identifier> given) {
        List<Demographics.Identifier> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Demographics.Identifier id = given.get(i);
            String field = "identifiers[" + i + "]";
            String system = optional(field + ".system", id.system(), 120);
            String value = optional(field + ".value", id.value(), 64);
            String type = optional(field + ".typeCode", id.typeCode(), 10);
            if (system == null) throw new InvalidRequestException(field + ".system", "An identifier needs its system (assigning authority)");
            if (value == null) throw new InvalidRequestException(field + ".value", "An identifier needs its value");
            if (!seen.add(system + "|" + value)) {
                throw new InvalidRequestException(field, "The same identifier is given twice");
            }
            out.add(new Demographics.Identifier(system, value, type == null ? "PI" : type.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    private static String required(String field, String value, String message, int max) {
        String v = optional(field, value, max);
        if (v == null) throw new InvalidRequestException(field, message);
        return v;
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
        }
        return v;
    }
}
