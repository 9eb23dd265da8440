package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each coding edit, with its rules read from the database as seeded: one case it flags and one it lets pass. */
@IntegrationTest
class CodingEditsTest {

    private static final LocalDate DISCHARGE = LocalDate.of(2026, 1, 15);
    private static final CodingEdits.Subject WOMAN_45_INPATIENT = new CodingEdits.Subject(true, "female", 45, DISCHARGE);
    private static final CodingEdits.Subject MAN_45_OUTPATIENT = new CodingEdits.Subject(false, "male", 45, DISCHARGE);

    /** Every code valid except E11 (a header) and Q99999 (no such code). */
    private static final BiFunction<CodeSystem, String, CodeValidity> VALIDITY = (s, c) -> switch (c) {
        case "E11" -> new CodeValidity(s, c, DISCHARGE, false, "header", "test", "E11 is a header (not billable)");
        case "Q99999" -> new CodeValidity(s, c, DISCHARGE, false, "not-in-code-set", "test", "Q99999 is not a code");
        default -> new CodeValidity(s, c, DISCHARGE, true, "valid", "test", "valid");
    };

    @Autowired
    CodingEdits edits;

    private List<String> flagged(CodingEdits.Subject subject, String... diagnoses) {
        List<CodingEdits.Line> lines = new ArrayList<>();
        for (int i = 0; i < diagnoses.length; i++) {
            String[] codeAndPoa = diagnoses[i].split(":");
            lines.add(new CodingEdits.Line(CodeSystem.ICD10CM, codeAndPoa[0], true, i + 1,
                    codeAndPoa.length > 1 ? codeAndPoa[1] : null));
        }
        return edits.check(subject, lines, VALIDITY).stream().map(CodingFinding::edit).toList();
    }

    @Test
    void a_code_not_valid_for_the_discharge_date_is_flagged_and_a_valid_one_is_not() {
        assertThat(flagged(MAN_45_OUTPATIENT, "Q99999")).containsExactly("invalid-code");
        assertThat(flagged(MAN_45_OUTPATIENT, "E119")).isEmpty();
    }

    @Test
    void a_header_code_is_flagged_and_a_billable_code_below_it_is_not() {
        assertThat(flagged(MAN_45_OUTPATIENT, "E11")).containsExactly("header-code");
        assertThat(flagged(MAN_45_OUTPATIENT, "E119")).isEmpty();
    }

    @Test
    void a_diagnosis_for_the_other_sex_is_flagged() {
        assertThat(flagged(MAN_45_OUTPATIENT, "N950")).containsExactly("sex-conflict"); // postmenopausal bleeding
        assertThat(flagged(new CodingEdits.Subject(false, "female", 55, DISCHARGE), "N950")).isEmpty();
        assertThat(flagged(new CodingEdits.Subject(false, "female", 70, DISCHARGE), "N400")).containsExactly("sex-conflict");
        assertThat(flagged(MAN_45_OUTPATIENT, "N400")).isEmpty();
    }

    @Test
    void the_sex_edit_applies_only_to_male_and_female_patients_not_to_other_or_unknown() {
        for (String sex : new String[] {"unknown", "other", null}) {
            CodingEdits.Subject patient = new CodingEdits.Subject(false, sex, 45, DISCHARGE);
            assertThat(flagged(patient, "N950")).as("N95.0 for sex %s", sex).isEmpty();
            assertThat(flagged(patient, "N400")).as("N40.0 for sex %s", sex).isEmpty();
            assertThat(flagged(patient, "C61")).as("C61 for sex %s", sex).isEmpty();
        }
        assertThat(flagged(new CodingEdits.Subject(false, "Male", 45, DISCHARGE), "N950")).containsExactly("sex-conflict");
        assertThat(flagged(new CodingEdits.Subject(false, "female", 45, DISCHARGE), "C61")).containsExactly("sex-conflict");
    }

    private static CodingEdits.Subject aged(int age) {
        return new CodingEdits.Subject(false, "female", age, DISCHARGE);
    }

    @Test
    void a_newborn_diagnosis_after_age_0_is_flagged() {
        assertThat(flagged(MAN_45_OUTPATIENT, "Z3800")).containsExactly("age-conflict"); // single liveborn, vaginal
        assertThat(flagged(aged(1), "Z00110")).containsExactly("age-conflict"); // newborn health examination
        assertThat(flagged(aged(0), "Z3800")).isEmpty();
        assertThat(flagged(aged(0), "Z00110")).isEmpty();
        // perinatal conditions may be reported at any age while they persist (Official Guidelines I.C.16.a.4)
        assertThat(flagged(MAN_45_OUTPATIENT, "P599")).isEmpty();
    }

    @Test
    void a_pediatric_diagnosis_after_age_17_is_flagged() {
        assertThat(flagged(aged(18), "R6812")).containsExactly("age-conflict"); // fussy infant
        assertThat(flagged(aged(30), "Z00129")).containsExactly("age-conflict"); // routine child health examination
        assertThat(flagged(aged(0), "R6812")).isEmpty();
        assertThat(flagged(aged(17), "Z00129")).isEmpty();
    }

    @Test
    void a_maternity_diagnosis_outside_ages_9_to_64_is_flagged() {
        assertThat(flagged(aged(70), "O80")).containsExactly("age-conflict");
        assertThat(flagged(aged(8), "O80")).containsExactly("age-conflict");
        assertThat(flagged(aged(70), "O80", "Z370")).containsExactly("age-conflict", "age-conflict");
        assertThat(flagged(aged(30), "O80", "Z370")).isEmpty();
        assertThat(flagged(aged(64), "O80")).isEmpty();
    }

    @Test
    void an_adult_diagnosis_before_age_15_is_flagged() {
        assertThat(flagged(aged(14), "G301")).containsExactly("age-conflict"); // Alzheimer's disease with late onset
        assertThat(flagged(aged(12), "E6601", "Z6841")).containsExactly("age-conflict"); // adult BMI 40.0-44.9
        assertThat(flagged(aged(15), "G301")).isEmpty();
        assertThat(flagged(aged(40), "E6601", "Z6841")).isEmpty();
    }

    @Test
    void an_age_conflict_names_the_mce_category_and_its_source() {
        List<CodingFinding> f = edits.check(aged(40), List.of(new CodingEdits.Line(CodeSystem.ICD10CM, "R6812", true, 1, null)),
                VALIDITY);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("pediatric", "0 to 17", "40");
            assertThat(x.source()).contains("Medicare Code Editor", "pediatric diagnoses (age 0-17)");
        });
        f = edits.check(aged(10), List.of(new CodingEdits.Line(CodeSystem.ICD10CM, "G301", true, 1, null)), VALIDITY);
        assertThat(f).singleElement().satisfies(x -> assertThat(x.source()).contains("adult diagnoses (age 15-124)"));
    }

    @Test
    void a_manifestation_code_as_principal_is_flagged_but_not_as_a_secondary_diagnosis() {
        assertThat(flagged(MAN_45_OUTPATIENT, "G632", "E1142")).containsExactly("manifestation-principal");
        assertThat(flagged(MAN_45_OUTPATIENT, "E1142", "G632")).isEmpty();
    }

    @Test
    void an_external_cause_code_as_principal_is_flagged_but_not_as_a_secondary_diagnosis() {
        assertThat(flagged(MAN_45_OUTPATIENT, "W19XXXA", "S72001A")).containsExactly("external-cause-principal");
        assertThat(flagged(MAN_45_OUTPATIENT, "S72001A", "W19XXXA")).isEmpty();
    }

    @Test
    void a_code_unacceptable_as_principal_is_flagged_but_not_as_a_secondary_diagnosis() {
        assertThat(flagged(MAN_45_OUTPATIENT, "Z794", "E119")).containsExactly("unacceptable-principal");
        assertThat(flagged(MAN_45_OUTPATIENT, "E119", "Z794")).isEmpty();
    }

    @Test
    void a_secondary_diagnosis_that_repeats_the_principal_is_flagged() {
        assertThat(flagged(MAN_45_OUTPATIENT, "I10", "I10")).containsExactly("duplicate-of-principal");
        assertThat(flagged(MAN_45_OUTPATIENT, "I10", "E119")).isEmpty();
    }

    @Test
    void an_inpatient_diagnosis_without_poa_or_with_an_unknown_poa_is_flagged() {
        assertThat(flagged(WOMAN_45_INPATIENT, "I10")).containsExactly("poa-missing");
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:X")).containsExactly("poa-invalid");
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:1")).containsExactly("poa-invalid");
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:N")).isEmpty();
        assertThat(flagged(MAN_45_OUTPATIENT, "I10")).as("no POA for outpatients").isEmpty();
    }

    @Test
    void a_poa_exempt_code_takes_1_or_nothing() {
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:Y", "Z794:Y")).containsExactly("poa-exempt");
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:Y", "Z794:1")).isEmpty();
        assertThat(flagged(WOMAN_45_INPATIENT, "I10:Y", "Z794")).isEmpty();
    }

    @Test
    void every_finding_names_the_source_of_its_rule() {
        List<CodingEdits.Line> lines = List.of(new CodingEdits.Line(CodeSystem.ICD10CM, "W19XXXA", true, 1, null));
        assertThat(edits.check(WOMAN_45_INPATIENT, lines, VALIDITY))
                .allSatisfy(f -> assertThat(f.source()).isNotBlank());
    }
}
