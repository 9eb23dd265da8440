package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo hospital works with codes when ../shared is absent: a small seed loaded as demo versions. */
@IntegrationTest
class DemoCodeSetsTest {

    @Autowired
    CodeSetService codes;

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
