package org.chartkeeper.patient.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.patient.Demographics;
import org.chartkeeper.patient.MatchGrade;
import org.junit.jupiter.api.Test;

/** The matching rules of issue 3, on the default model and thresholds. */
class MatchingRulesTest {

    private final PatientMatcher matcher = PatientMatcher.standard();

    static Demographics person(String given, String family, LocalDate birth, String sex) {
        return new Demographics(family, given, null, birth, sex, "1420 Maple Avenue", "Columbus", "OH", "43215",
                "614-555-0142", null, null, List.of());
    }

    private MatchScore score(Demographics a, Demographics b) {
        return matcher.score(MatchRecord.of(1, a), MatchRecord.of(2, b), TermFrequencies.NONE);
    }

    @Test
    void a_nickname_matches_its_formal_name() {
        Demographics registered = person("Robert", "Hendricks", LocalDate.of(1961, 3, 14), "male");
        Demographics again = new Demographics("HENDRICKS", "Bob", null, LocalDate.of(1961, 3, 14), "M",
                "1420 Maple Ave.", "Columbus", "OH", "43215", "(614) 555-0142", null, null, List.of());
        MatchScore s = score(registered, again);
        assertThat(s.grade()).as(s.explanation().toString()).isEqualTo(MatchGrade.CERTAIN);
        assertThat(s.explanation()).contains("first name: nickname (+" + weight(MatchField.GIVEN_NAME, 1) + ")");
        assertThat(s.explanation()).anyMatch(l -> l.startsWith("street address: same"));
    }

    @Test
    void a_nickname_alone_with_name_and_birth_date_is_still_a_match() {
        Demographics a = new Demographics("Okafor", "Margaret", null, LocalDate.of(1948, 11, 2), "female", null, null,
                null, null, null, null, null, List.of());
        Demographics b = new Demographics("Okafor", "Peggy", null, LocalDate.of(1948, 11, 2), "female", null, null,
                null, null, null, null, null, List.of());
        assertThat(score(a, b).probability()).isGreaterThanOrEqualTo(matcher.thresholds().review());
    }

    @Test
    void a_birth_date_with_day_and_month_transposed_matches() {
        Demographics registered = person("Daniela", "Marchetti", LocalDate.of(1987, 4, 9), "female");
        Demographics again = person("Daniela", "Marchetti", LocalDate.of(1987, 9, 4), "female");
        MatchScore s = score(registered, again);
        assertThat(s.comparison().level(MatchField.BIRTH_DATE)).isEqualTo(1);
        assertThat(s.grade()).as(s.explanation().toString()).isEqualTo(MatchGrade.CERTAIN);
        assertThat(s.explanation()).anyMatch(l -> l.startsWith("birth date: day and month transposed"));
    }

    @Test
    void a_twin_with_the_same_birth_date_and_address_but_another_first_name_does_not_match() {
        Demographics one = person("Michael", "Brennan", LocalDate.of(2004, 6, 21), "male");
        Demographics twin = person("Christopher", "Brennan", LocalDate.of(2004, 6, 21), "male");
        MatchScore s = score(one, twin);
        assertThat(s.grade()).as(s.explanation().toString()).isEqualTo(MatchGrade.CERTAINLY_NOT);
        assertThat(s.probability()).isLessThan(matcher.thresholds().review());
        assertThat(s.explanation()).anyMatch(l -> l.startsWith("rule: different first names with the same birth date"));
    }

    @Test
    void twins_of_different_sex_with_similar_names_do_not_match_either() {
        MatchScore s = score(person("Jordan", "Whitfield", LocalDate.of(2011, 1, 30), "male"),
                person("Jorja", "Whitfield", LocalDate.of(2011, 1, 30), "female"));
        assertThat(s.probability()).as(s.explanation().toString()).isLessThan(matcher.thresholds().review());
    }

    @Test
    void a_shared_ssn_overrides_the_twin_rule_a_first_name_entered_wrongly() {
        Demographics a = withSsn(person("Michael", "Brennan", LocalDate.of(2004, 6, 21), "male"), "212-55-1234");
        Demographics b = withSsn(person("Christopher", "Brennan", LocalDate.of(2004, 6, 21), "male"), "212-55-1234");
        assertThat(score(a, b).probability()).isGreaterThanOrEqualTo(matcher.thresholds().review());
    }

    @Test
    void father_and_son_of_the_same_name_and_household_are_at_most_a_possible_match() {
        MatchScore s = score(person("Raymond", "Castillo", LocalDate.of(1958, 2, 11), "male"),
                person("Raymond", "Castillo", LocalDate.of(1986, 9, 30), "male"));
        assertThat(s.grade()).as(s.explanation().toString()).isIn(MatchGrade.POSSIBLE, MatchGrade.CERTAINLY_NOT);
    }

    @Test
    void different_people_do_not_match() {
        MatchScore s = score(person("Aisha", "Rahman", LocalDate.of(1990, 5, 5), "female"),
                new Demographics("Kowalski", "Peter", null, LocalDate.of(1972, 12, 1), "male", "8 Elm St", "Dayton",
                        "OH", "45402", "937-555-0199", null, null, List.of()));
        assertThat(s.grade()).isEqualTo(MatchGrade.CERTAINLY_NOT);
        assertThat(s.probability()).isLessThan(0.01);
    }

    @Test
    void swapped_first_and_last_names_still_match() {
        MatchScore s = score(person("Tran", "Minh", LocalDate.of(1979, 7, 7), "male"),
                person("Minh", "Tran", LocalDate.of(1979, 7, 7), "male"));
        assertThat(s.comparison().namesSwapped()).isTrue();
        assertThat(s.grade()).isEqualTo(MatchGrade.CERTAIN);
    }

    @Test
    void common_names_weigh_less_than_rare_ones() {
        TermFrequencies tf = new TermFrequencies() {
            public double given(String s) { return s.equals("JOHN") ? 0.03 : 0.00001; }
            public double family(String s) { return s.equals("SMITH") ? 0.01 : 0.00001; }
            public double city(String s) { return -1; }
        };
        Demographics a = new Demographics("Smith", "John", null, null, null, null, null, null, null, null, null, null, List.of());
        Demographics b = new Demographics("Quaresma", "Ildefonso", null, null, null, null, null, null, null, null, null, null, List.of());
        double common = matcher.score(MatchRecord.of(1, a), MatchRecord.of(2, a), tf).weight();
        double rare = matcher.score(MatchRecord.of(1, b), MatchRecord.of(2, b), tf).weight();
        assertThat(rare).isGreaterThan(common + 3);
    }

    @Test
    void every_field_compared_is_explained_with_its_weight() {
        MatchScore s = score(person("Robert", "Hendricks", LocalDate.of(1961, 3, 14), "male"),
                person("Robert", "Hendricks", LocalDate.of(1961, 3, 14), "male"));
        assertThat(s.explanation()).anyMatch(l -> l.matches("first name: exact \\(\\+\\d+\\.\\d\\)"))
                .anyMatch(l -> l.startsWith("last name: exact")).anyMatch(l -> l.startsWith("birth date: exact"))
                .anyMatch(l -> l.startsWith("sex: same")).anyMatch(l -> l.startsWith("phone: same"))
                .anyMatch(l -> l.startsWith("household fields count at most"));
    }

    @Test
    void thresholds_must_be_ordered() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MatchThresholds(0.5, 0.9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MatchThresholds(0.9, 0.6).grade(0.91)).isEqualTo(MatchGrade.CERTAIN);
        assertThat(new MatchThresholds(0.9, 0.6).grade(0.8)).isEqualTo(MatchGrade.PROBABLE);
        assertThat(new MatchThresholds(0.9, 0.6).grade(0.7)).isEqualTo(MatchGrade.POSSIBLE);
        assertThat(new MatchThresholds(0.9, 0.6).grade(0.2)).isEqualTo(MatchGrade.CERTAINLY_NOT);
    }

    private String weight(MatchField f, int level) {
        return String.format(java.util.Locale.ROOT, "%.1f", matcher.model().weight(f, level, -1));
    }

    private static Demographics withSsn(Demographics d, String ssn) {
        return new Demographics(d.familyName(), d.givenName(), d.middleName(), d.birthDate(), d.sex(), d.addressLine(),
                d.city(), d.state(), d.postalCode(), d.phone(), d.email(), ssn, d.identifiers());
    }

    @Test
    void a_different_number_from_the_same_assigning_authority_counts_against_a_match() {
        Demographics a = new Demographics("Lindqvist", "Rosa", null, LocalDate.of(1975, 11, 2), "female", null, null,
                null, "45402", null, null, null, List.of(new Demographics.Identifier("urn:example:insurer", "MB-1", "MB")));
        Demographics b = new Demographics("Lindqvist", "Rosa", null, LocalDate.of(1975, 11, 2), "female", null, null,
                null, "45402", null, null, null, List.of(new Demographics.Identifier("urn:example:insurer", "MB-2", "MB")));
        Demographics none = new Demographics("Lindqvist", "Rosa", null, LocalDate.of(1975, 11, 2), "female", null,
                null, null, "45402", null, null, null, List.of());
        MatchScore conflicting = score(a, b);
        assertThat(conflicting.explanation()).anyMatch(l -> l.startsWith("identifier: conflicting (-"));
        assertThat(conflicting.weight()).isLessThan(score(a, none).weight());
    }

    @Test
    void a_record_standardized_without_the_ssn_and_given_it_later_equals_one_made_with_it() {
        Demographics withSsn = new Demographics("Hendricks", "Robert", null, LocalDate.of(1961, 3, 14), "male",
                "1420 Maple Avenue", "Columbus", "OH", "43215", "614-555-0101", null, "287-65-4321", List.of());
        Demographics without = new Demographics("Hendricks", "Robert", null, LocalDate.of(1961, 3, 14), "male",
                "1420 Maple Avenue", "Columbus", "OH", "43215", "614-555-0101", null, null, List.of());
        assertThat(MatchRecord.of(7, without, "4321").withSsn("287-65-4321")).isEqualTo(MatchRecord.of(7, withSsn));
        assertThat(MatchRecord.of(7, without, "4321").withSsn("not an ssn")).isEqualTo(MatchRecord.of(7, without, "4321"));
    }
}
