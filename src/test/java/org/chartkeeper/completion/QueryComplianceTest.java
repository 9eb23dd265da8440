package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The compliant query rules (ACDIS/AHIMA query practice guidelines), each refusal and acceptance. */
class QueryComplianceTest {

    static final String Q = "Based on the clinical indicators cited, please clarify the diagnosis being treated.";
    static final List<String> HF = List.of("Acute systolic heart failure", "Acute diastolic heart failure",
            "Clinically undetermined", "Other (please specify)");

    static InvalidRequestException refused(Runnable r) {
        return (InvalidRequestException) org.assertj.core.api.Assertions.catchThrowable(r::run);
    }

    @Test
    void a_multiple_choice_query_with_undetermined_and_other_and_two_clinical_options_is_accepted() {
        assertThat(QueryCompliance.check(QueryKind.MULTIPLE_CHOICE, null, Q, HF)).containsExactlyElementsOf(HF);
    }

    @Test
    void a_multiple_choice_query_without_clinically_undetermined_is_refused() {
        var e = refused(() -> QueryCompliance.check(QueryKind.MULTIPLE_CHOICE, null, Q,
                List.of("Acute systolic heart failure", "Acute diastolic heart failure", "Other (please specify)")));
        assertThat(e.field()).isEqualTo("options");
        assertThat(e.getMessage()).contains("missing: \"Clinically undetermined\"");
    }

    @Test
    void a_multiple_choice_query_without_other_is_refused() {
        var e = refused(() -> QueryCompliance.check(QueryKind.MULTIPLE_CHOICE, null, Q,
                List.of("Acute systolic heart failure", "Acute diastolic heart failure", "Clinically undetermined")));
        assertThat(e.field()).isEqualTo("options");
        assertThat(e.getMessage()).contains("missing: \"Other (please specify)\"");
    }

    @Test
    void a_multiple_choice_query_with_a_single_clinical_option_is_refused_as_leading() {
        var e = refused(() -> QueryCompliance.check(QueryKind.MULTIPLE_CHOICE, null, Q,
                List.of("Acute systolic heart failure", "Clinically undetermined", "Other (please specify)")));
        assertThat(e.getMessage()).contains("at least two clinically reasonable options");
    }

    @Test
    void a_yes_no_query_is_accepted_only_for_the_allowed_purposes() {
        for (String purpose : QueryCompliance.YES_NO_PURPOSES.keySet()) {
            assertThat(QueryCompliance.check(QueryKind.YES_NO, purpose, Q, null))
                    .containsExactly("Yes", "No", "Clinically undetermined");
        }
    }

    @Test
    void a_yes_no_query_that_would_introduce_a_new_diagnosis_is_refused() {
        var e = refused(() -> QueryCompliance.check(QueryKind.YES_NO, "new-diagnosis", "Does the patient have sepsis?", null));
        assertThat(e.field()).isEqualTo("yesNoPurpose");
        assertThat(e.getMessage()).contains("never introduce a new diagnosis");
        var none = refused(() -> QueryCompliance.check(QueryKind.YES_NO, null, "Does the patient have sepsis?", null));
        assertThat(none.field()).isEqualTo("yesNoPurpose");
    }

    @Test
    void a_yes_no_query_must_cite_the_documentation_it_asks_about() {
        var e = refused(() -> QueryCompliance.checkIndicators(QueryKind.YES_NO, 0));
        assertThat(e.field()).isEqualTo("indicators");
        assertThat(e.getMessage()).contains("may not introduce a new diagnosis");
        QueryCompliance.checkIndicators(QueryKind.YES_NO, 1);
    }

    @Test
    void a_yes_no_query_with_other_options_is_refused() {
        var e = refused(() -> QueryCompliance.check(QueryKind.YES_NO, "present-on-admission", Q, List.of("Yes", "No")));
        assertThat(e.field()).isEqualTo("options");
    }

    @Test
    void an_open_ended_query_offers_no_options() {
        assertThat(QueryCompliance.check(QueryKind.OPEN_ENDED, null, Q, List.of())).isEmpty();
        var e = refused(() -> QueryCompliance.check(QueryKind.OPEN_ENDED, null, Q, List.of("Sepsis", "No sepsis")));
        assertThat(e.field()).isEqualTo("options");
    }

    @Test
    void leading_or_financial_language_is_refused() {
        for (String q : List.of("Please document sepsis so the DRG is right.", "Adding acute respiratory failure would increase the case mix.",
                "Is this an MCC? Please clarify.", "For reimbursement purposes, clarify the anemia type.")) {
            var e = refused(() -> QueryCompliance.check(QueryKind.OPEN_ENDED, null, q, null));
            assertThat(e.field()).as(q).isEqualTo("question");
            assertThat(e.getMessage()).contains("leading or financial language");
        }
    }

    @Test
    void an_answer_implies_its_outcome_only_when_unambiguous() {
        assertThat(QueryCompliance.derived(QueryKind.YES_NO, "Yes")).isEqualTo(QueryOutcome.AGREED);
        assertThat(QueryCompliance.derived(QueryKind.YES_NO, "No")).isEqualTo(QueryOutcome.DISAGREED);
        assertThat(QueryCompliance.derived(QueryKind.MULTIPLE_CHOICE, "Clinically undetermined")).isEqualTo(QueryOutcome.UNDETERMINED);
        assertThat(QueryCompliance.derived(QueryKind.MULTIPLE_CHOICE, "Acute systolic heart failure")).isEqualTo(QueryOutcome.AGREED);
        assertThat(QueryCompliance.derived(QueryKind.MULTIPLE_CHOICE, "Other (please specify)")).isNull();
        assertThat(QueryCompliance.derived(QueryKind.OPEN_ENDED, null)).isNull();
        assertThatThrownBy(() -> QueryCompliance.check(QueryKind.MULTIPLE_CHOICE, null, "", HF))
                .isInstanceOf(InvalidRequestException.class);
    }
}
