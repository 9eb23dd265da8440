package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo hospital works with codes when ../shared is absent: a small seed loaded as demo versions. */
@IntegrationTest
class DemoCodeSetsTest {

    @Autowired
    CodeSetService codes;

    @Autowired
    JdbcClient jdbc;

    /**
     * The demo hospital's own final coding (its encounters' account numbers are A00000001 ..., and it writes its
     * abstracts final at version 3), not what the tests add to the same database.
     */
    private static final String DEMO_CODED = "(select a.encounter_id from coding_abstract a join encounter e on"
            + " e.id = a.encounter_id where e.account_number like 'A0%' and a.status = 'final' and a.version = 3)";
    private static final String NOT_A_BILLABLE_DEMO_CODE = " not exists (select 1 from code_set_entry s join"
            + " code_set_version v on v.id = s.version_id where v.demo and v.code_system = x.code_system and"
            + " s.code = x.code and s.billable)";

    @Test
    void every_code_on_the_demo_hospitals_charts_reviews_and_suggestions_is_a_billable_code_of_the_demo_code_set() {
        long charts = jdbc.sql("select count(*) from coding_abstract_code where encounter_id in " + DEMO_CODED)
                .query(Long.class).single();
        assertThat(charts).as("the demo codes its charts").isGreaterThan(1000);
        List<String> missing = jdbc.sql("select distinct x.code_system || ' ' || x.code from ("
                        + " select code_system, code from coding_abstract_code where encounter_id in " + DEMO_CODED
                        + " union select c.code_system, c.code from coding_review_code c join coding_review r on"
                        + " r.id = c.review_id where r.sampled_because like '%(demo)' and c.side = 'original'"
                        + " union select code_system, code from coding_suggestion where sentence like '(demo)%'"
                        + ") x where" + NOT_A_BILLABLE_DEMO_CODE)
                .query(String.class).list();
        assertThat(missing).as("codes the demo uses that coding/demo-codes.tsv lacks or marks a header").isEmpty();
    }

    @Test
    void the_demo_hospital_has_icd10_cm_pcs_and_hcpcs_codes_without_the_cms_files() {
        List<CodeSetVersion> demo = codes.versions().stream().filter(CodeSetVersion::demo).toList();
        assertThat(demo).extracting(CodeSetVersion::system)
                .containsExactlyInAnyOrder(CodeSystem.ICD10CM, CodeSystem.ICD10PCS, CodeSystem.HCPCS);
        assertThat(demo).allSatisfy(v -> assertThat(v.billableCount()).isGreaterThan(40));
        assertThat(demo.stream().mapToInt(CodeSetVersion::billableCount).sum()).isGreaterThan(400);
    }

    @Test
    void demo_codes_answer_for_dates_no_imported_version_covers_with_their_headers_not_billable() {
        assertThat(codes.isValid(CodeSystem.ICD10CM, "E11.9", LocalDate.of(2025, 3, 1))).isTrue();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "E11", LocalDate.of(2025, 3, 1))).isFalse();
        assertThat(codes.isValid(CodeSystem.ICD10PCS, "0DTJ4ZZ", LocalDate.of(2025, 3, 1))).isTrue();
        assertThat(codes.isValid(CodeSystem.HCPCS, "G0008", LocalDate.of(2025, 3, 1))).isTrue();
    }

    @Test
    void loading_the_demo_codes_again_changes_nothing() {
        long before = codes.versions().size();
        codes.loadDemoCodes(org.chartkeeper.audit.Actor.system("test"));
        assertThat(codes.versions()).hasSize((int) before);
    }
}
