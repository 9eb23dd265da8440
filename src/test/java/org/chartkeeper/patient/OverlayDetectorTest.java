package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The overlay rule: a new name together with a new date of birth or sex is probably another person. */
class OverlayDetectorTest {

    static Demographics person(String family, String given, LocalDate born, String sex) {
        return new Demographics(family, given, null, born, sex, "1 Main St", "Columbus", "OH", "43004", "6145550100",
                null, null, null);
    }

    static final Demographics MARIA = person("Garcia", "Maria", LocalDate.of(1980, 2, 3), "female");

    @Test
    void a_new_name_and_a_new_birth_date_is_flagged() {
        assertThat(OverlayDetector.looksLikeAnotherPerson(MARIA, person("Nguyen", "Thanh", LocalDate.of(1975, 9, 1), "female"))).isTrue();
    }

    @Test
    void a_new_name_and_a_new_sex_is_flagged() {
        assertThat(OverlayDetector.looksLikeAnotherPerson(MARIA, person("Garcia", "Jose", LocalDate.of(1980, 2, 3), "male"))).isTrue();
    }

    @Test
    void a_married_name_alone_is_not_an_overlay() {
        assertThat(OverlayDetector.looksLikeAnotherPerson(MARIA, person("Smith", "Maria", LocalDate.of(1980, 2, 3), "female"))).isFalse();
    }

    @Test
    void a_corrected_birth_date_alone_is_not_an_overlay() {
        assertThat(OverlayDetector.looksLikeAnotherPerson(MARIA, person("Garcia", "Maria", LocalDate.of(1980, 3, 2), "female"))).isFalse();
    }

    @Test
    void a_corrected_name_typo_with_a_corrected_birth_date_is_not_an_overlay() {
        assertThat(OverlayDetector.looksLikeAnotherPerson(person("Garcai", "MARIA", LocalDate.of(1980, 3, 2), "female"), MARIA)).isFalse();
    }
}
