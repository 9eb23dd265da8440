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
    void every_icd10_code_of_the_demo_seed_has_its_fy2026_flag_and_titles() throws java.io.IOException {
        Map<String, CodeEntry> cm = byCode(CmsFiles.read("cms_2026_dx.zip"));
        Map<String, CodeEntry> pcs = byCode(CmsFiles.read("cms_2026_pr.zip"));
        java.util.List<String> wrong = new java.util.ArrayList<>();
        int checked = 0;
        try (var in = CmsCodeSetFilesTest.class.getResourceAsStream("/coding/demo-codes.tsv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("HCPCS")) continue;
                String[] f = line.split("\t", -1);
                CodeEntry e = (f[0].equals("ICD10CM") ? cm : pcs).get(f[1]);
                checked++;
                if (e == null || e.billable() != f[2].equals("1") || !e.shortTitle().equals(f[3]) || !e.title().equals(f[4])) {
                    wrong.add(line + "  (FY2026: " + (e == null ? "no such code" : e) + ")");
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_codes_the_age_edits_name_are_fy2026_codes_whose_titles_say_the_age() {
        Map<String, CodeEntry> cm = byCode(CmsFiles.read("cms_2026_dx.zip"));
        // one billable code of each MCE age range the edit tables seed (V90), with a word of its FY2026 title
        Map<String, String> titleWord = Map.ofEntries(Map.entry("Z3800", "liveborn infant"),
                Map.entry("Z00110", "newborn"), Map.entry("Z0589", "newborn"), Map.entry("A33", "neonatorum"),
                Map.entry("N470", "newborn"), Map.entry("H04531", "Neonatal"),
                Map.entry("A4851", "Infant"), Map.entry("H26001", "infantile and juvenile"), Map.entry("L211", "infantile"),
                Map.entry("L704", "Infantile"), Map.entry("R620", "childhood"), Map.entry("R6251", "child"),
                Map.entry("R6812", "infant"), Map.entry("T744XXA", "infant"), Map.entry("Z00129", "child"),
                Map.entry("C9150", "Adult"), Map.entry("F69", "adult"), Map.entry("G301", "late onset"),
                Map.entry("H2511", "Age-related"), Map.entry("H353111", "age-related"), Map.entry("H353211", "age-related"),
                Map.entry("J8482", "Adult"), Map.entry("K311", "Adult"), Map.entry("M061", "Adult-onset"),
                Map.entry("M80051A", "Age-related"), Map.entry("Z0000", "adult"), Map.entry("Z6841", "adult"),
                Map.entry("Z72811", "Adult"));
        titleWord.forEach((code, word) -> {
            CodeEntry e = cm.get(code);
            assertThat(e).as(code).isNotNull();
            assertThat(e.billable()).as(code).isTrue();
            assertThat(e.title()).as(code).containsIgnoringCase(word);
        });
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
