package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The importer's reading of the CMS files exactly as distributed (../shared/codesets), with the counts CMS states. */
class CmsCodeSetFilesTest {

    @Test
    void the_fy2026_cm_order_file_has_74719_billable_codes_and_23467_headers() {
        CodeSetFile f = CmsFiles.read("cms_2026_dx.zip");
        assertThat(f.system()).isEqualTo(CodeSystem.ICD10CM);
        assertThat(f.year()).isEqualTo(2026);
        assertThat(f.entryName()).isEqualTo("icd10cm_order_2026.txt");
        assertThat(f.billableCount()).isEqualTo(74_719);
        assertThat(f.headerCount()).isEqualTo(23_467);
        CodeEntry e119 = f.entries().stream().filter(e -> e.code().equals("E119")).findFirst().orElseThrow();
        assertThat(e119.billable()).isTrue();
        assertThat(e119.title()).isEqualTo("Type 2 diabetes mellitus without complications");
        CodeEntry e11 = f.entries().stream().filter(e -> e.code().equals("E11")).findFirst().orElseThrow();
        assertThat(e11.billable()).isFalse();
    }

    @Test
    void the_fy2026_pcs_order_file_has_79115_valid_codes() {
        CodeSetFile f = CmsFiles.read("cms_2026_pr.zip");
        assertThat(f.system()).isEqualTo(CodeSystem.ICD10PCS);
        assertThat(f.year()).isEqualTo(2026);
        assertThat(f.billableCount()).isEqualTo(79_115);
        assertThat(f.entries()).hasSize(80_029);
        assertThat(f.entries().stream().filter(e -> e.code().equals("0DTJ4ZZ")).findFirst().orElseThrow().title())
                .isEqualTo("Resection of Appendix, Percutaneous Endoscopic Approach");
    }

    @Test
    void from_fy2025_to_fy2026_cm_adds_487_billable_codes_and_deletes_28() {
        Map<String, CodeEntry> fy2025 = byCode(CmsFiles.read("cms_2025_dx.zip"));
        Map<String, CodeEntry> fy2026 = byCode(CmsFiles.read("cms_2026_dx.zip"));
        assertThat(fy2025.values().stream().filter(CodeEntry::billable).count()).isEqualTo(74_260);
        Set<String> added = billableOnlyIn(fy2026, fy2025);
        Set<String> deleted = billableOnlyIn(fy2025, fy2026);
        assertThat(added).hasSize(487);
        assertThat(deleted).hasSize(28).contains("D71", "G35", "R102", "Z91011");
    }

    @Test
    void the_2019_hcpcs_file_reads_procedures_with_continued_descriptions_and_termination_dates() {
        CodeSetFile f = CmsFiles.read("cms_2019_hcpcs.zip");
        assertThat(f.system()).isEqualTo(CodeSystem.HCPCS);
        assertThat(f.year()).isEqualTo(2019);
        assertThat(f.billableCount()).isEqualTo(6_440);
        assertThat(f.headerCount()).as("modifiers").isEqualTo(360);
        CodeEntry j0120 = f.entries().stream().filter(e -> e.code().equals("J0120")).findFirst().orElseThrow();
        assertThat(j0120.title()).isEqualTo("Injection, tetracycline, up to 250 mg");
        assertThat(f.entries().stream().filter(e -> e.code().equals("CP")).findFirst().orElseThrow().terminatedOn())
                .isEqualTo(LocalDate.of(2017, 12, 31));
        assertThat(f.entries()).allSatisfy(e -> assertThat(e.title()).isNotBlank());
    }

    private static Map<String, CodeEntry> byCode(CodeSetFile f) {
        return f.entries().stream().collect(Collectors.toMap(CodeEntry::code, Function.identity()));
    }

    private static Set<String> billableOnlyIn(Map<String, CodeEntry> in, Map<String, CodeEntry> notIn) {
        Set<String> out = new TreeSet<>();
        in.values().forEach(e -> {
            CodeEntry other = notIn.get(e.code());
            if (e.billable() && (other == null || !other.billable())) out.add(e.code());
        });
        return out;
    }
}
