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
    void a_diagnosis_outside_its_ages_is_flagged() {
        assertThat(flagged(new CodingEdits.Subject(false, "female", 70, DISCHARGE), "O80")).containsExactly("age-conflict");
        assertThat(flagged(new CodingEdits.Subject(false, "female", 30, DISCHARGE), "O80")).isEmpty();
        assertThat(flagged(MAN_45_OUTPATIENT, "P599")).containsExactly("age-conflict"); // neonatal jaundice
        assertThat(flagged(new CodingEdits.Subject(false, "male", 0, DISCHARGE), "P599")).isEmpty();
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
