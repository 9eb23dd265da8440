package org.chartkeeper.patient.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StandardizersTest {

    private final NameStandardizer names = NameStandardizer.standard();

    @Test
    void names_lose_case_accents_punctuation_and_titles() {
        assertThat(names.standardize("  o'Brien ")).isEqualTo("OBRIEN");
        assertThat(names.standardize("José")).isEqualTo("JOSE");
        assertThat(names.standardize("Smith-Jones")).isEqualTo("SMITH JONES");
        assertThat(names.standardize("Dr. John  Q.")).isEqualTo("JOHN Q");
        assertThat(names.standardize("Martin Luther Jr.")).isEqualTo("MARTIN LUTHER");
        assertThat(names.standardize(" -- ")).isNull();
        assertThat(names.standardize(null)).isNull();
    }

    @Test
    void nicknames_share_a_group_from_the_data_file() {
        assertThat(names.sameNickname("BOB", "ROBERT")).isTrue();
        assertThat(names.sameNickname("BILL", "WILLIAM")).isTrue();
        assertThat(names.sameNickname("PEGGY", "MARGARET")).isTrue();
        assertThat(names.sameNickname("ALEX", "ALEXANDRA")).isTrue();
        assertThat(names.sameNickname("ALEXANDER", "ALEXANDRA")).isFalse();
        assertThat(names.sameNickname("BOB", "WILLIAM")).isFalse();
        assertThat(names.nicknameGroups("LIZ")).contains("ELIZABETH");
        assertThat(names.nicknameGroups("ZEBEDEE")).containsExactly("ZEBEDEE");
    }

    @Test
    void addresses_take_the_usps_publication_28_abbreviations() {
        assertThat(AddressStandardizer.standardize("123 North Main Street, Apartment 4"))
                .isEqualTo("123 N MAIN ST APT 4");
        assertThat(AddressStandardizer.standardize("123 N. Main St. Apt #4")).isEqualTo("123 N MAIN ST APT 4");
        assertThat(AddressStandardizer.standardize("123 n main st # 4")).isEqualTo("123 N MAIN ST APT 4");
        assertThat(AddressStandardizer.standardize("77 Sunset Boulevard Suite 200")).isEqualTo("77 SUNSET BLVD STE 200");
        assertThat(AddressStandardizer.standardize("9 Oak Avenue Southwest")).isEqualTo("9 OAK AVE SW");
        // a directional that is the street's own name stays
        assertThat(AddressStandardizer.standardize("45 North Street")).isEqualTo("45 NORTH ST");
        assertThat(AddressStandardizer.standardize("1 First Parkway")).isEqualTo("1 1ST PKWY");
        assertThat(AddressStandardizer.houseNumber("123 N MAIN ST")).isEqualTo("123");
        assertThat(AddressStandardizer.zip5("43004-1234")).isEqualTo("43004");
        assertThat(AddressStandardizer.zip5("430")).isNull();
    }

    @Test
    void phones_become_digits_without_the_country_code() {
        assertThat(ContactStandardizer.phone("(614) 555-0100")).isEqualTo("6145550100");
        assertThat(ContactStandardizer.phone("+1 614.555.0100")).isEqualTo("6145550100");
        assertThat(ContactStandardizer.phone("555")).isNull();
        assertThat(ContactStandardizer.email(" Ann.Lee@Example.COM ")).isEqualTo("ann.lee@example.com");
    }

    @Test
    void placeholder_ssns_count_as_none() {
        assertThat(ContactStandardizer.ssn("123-45-6780")).isEqualTo("123456780");
        assertThat(ContactStandardizer.ssn("000-12-3456")).isNull();
        assertThat(ContactStandardizer.ssn("999-99-9999")).isNull();
        assertThat(ContactStandardizer.ssn("1234")).isNull();
    }

    @Test
    void dates_are_read_in_iso_us_and_compact_forms_and_impossible_ones_are_refused() {
        assertThat(BirthDates.parse("1980-04-02")).isEqualTo(LocalDate.of(1980, 4, 2));
        assertThat(BirthDates.parse("4/2/1980")).isEqualTo(LocalDate.of(1980, 4, 2));
        assertThat(BirthDates.parse("19800402")).isEqualTo(LocalDate.of(1980, 4, 2));
        assertThat(BirthDates.parse("1980-02-30")).isNull();
        assertThat(BirthDates.parse("yesterday")).isNull();
        assertThat(BirthDates.transposed(LocalDate.of(1980, 4, 2), LocalDate.of(1980, 2, 4))).isTrue();
        assertThat(BirthDates.transposed(LocalDate.of(1980, 4, 2), LocalDate.of(1981, 2, 4))).isFalse();
        assertThat(BirthDates.partsEqual(LocalDate.of(1980, 4, 2), LocalDate.of(1990, 4, 2))).isEqualTo(2);
    }

    @Test
    void string_measures() {
        assertThat(Strings.osa("JOHN", "JHON", 2)).isEqualTo(1);
        assertThat(Strings.osa("KATHERINE", "CATHERINE", 2)).isEqualTo(1);
        assertThat(Strings.osa("ANN", "ROBERT", 2)).isEqualTo(3);
        assertThat(Strings.oneDigitOff("6145550100", "6145550190")).isTrue();
        assertThat(Strings.oneDigitOff("6145550100", "6145551000")).isTrue();
        assertThat(Strings.oneDigitOff("6145550100", "6145559999")).isFalse();
        assertThat(Strings.letterOverlap("NOAH", "HNOAN")).isGreaterThanOrEqualTo(0.8);
    }
}
