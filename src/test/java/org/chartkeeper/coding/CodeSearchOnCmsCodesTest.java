package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Code search over the full FY2026 ICD-10-CM and ICD-10-PCS code sets, read from ../shared/codesets. */
class CodeSearchOnCmsCodesTest {

    static CodeIndex cm;
    static CodeIndex pcs;

    @BeforeAll
    static void index() {
        cm = index(CmsFiles.read("cms_2026_dx.zip"));
        pcs = index(CmsFiles.read("cms_2026_pr.zip"));
    }

    static CodeIndex index(CodeSetFile f) {
        CodeSetVersion v = new CodeSetVersion(1, f.system(), f.system().label() + " " + f.system().yearLabel(f.year()),
                f.year(), f.system().effectiveFrom(f.year()), f.system().effectiveTo(f.year()), f.sourceName(),
                f.sha256(), false, f.billableCount(), f.headerCount(), Instant.now(), "test");
        return new CodeIndex(v, f.entries(), Synonyms.load(), Chapters.load());
    }

    static List<String> codes(CodeIndex index, String q, int limit) {
        return index.search(q, limit).stream().map(h -> index.code(h.doc())).toList();
    }

    static List<String> titles(CodeIndex index, String q, int limit) {
        return index.search(q, limit).stream().map(h -> index.title(h.doc())).toList();
    }

    @Test
    void a_code_with_or_without_the_dot_finds_that_code_first() {
        assertThat(codes(cm, "E11.9", 5).getFirst()).isEqualTo("E119");
        assertThat(codes(cm, "e119", 5).getFirst()).isEqualTo("E119");
        assertThat(cm.search("E11.9", 5).getFirst().exactCode()).isTrue();
        assertThat(codes(pcs, "0DTJ4ZZ", 5).getFirst()).isEqualTo("0DTJ4ZZ");
    }

    @Test
    void a_code_prefix_lists_the_exact_code_then_billable_codes_below_it() {
        List<CodeIndex.Hit> hits = cm.search("E11", 10);
        assertThat(cm.code(hits.getFirst().doc())).isEqualTo("E11");
        assertThat(hits.subList(1, hits.size())).allSatisfy(h -> {
            assertThat(cm.code(h.doc())).startsWith("E11");
            assertThat(cm.billable(h.doc())).isTrue();
        });
    }

    @Test
    void common_abbreviations_find_the_titles_that_spell_them_out() {
        assertThat(titles(cm, "dm2", 5)).allSatisfy(t -> assertThat(t).containsIgnoringCase("type 2 diabetes mellitus"));
        assertThat(titles(cm, "chf", 5)).allSatisfy(t -> assertThat(t).containsIgnoringCase("heart failure"));
        assertThat(codes(cm, "copd", 10)).contains("J449");
        assertThat(codes(cm, "htn", 10)).contains("I10");
        assertThat(titles(cm, "afib", 5)).allSatisfy(t -> assertThat(t).containsIgnoringCase("atrial fibrillation"));
        assertThat(titles(cm, "uti", 5)).anySatisfy(t -> assertThat(t).containsIgnoringCase("urinary tract infection"));
        assertThat(titles(cm, "ckd 4", 5)).anySatisfy(t -> assertThat(t).containsIgnoringCase("chronic kidney disease, stage 4"));
        assertThat(titles(cm, "gerd", 5)).anySatisfy(t -> assertThat(t).containsIgnoringCase("gastro-esophageal reflux"));
        assertThat(titles(cm, "mi", 10)).anySatisfy(t -> assertThat(t).containsIgnoringCase("myocardial infarction"));
    }

    @Test
    void words_match_in_any_order_and_in_the_plural() {
        List<String> a = codes(cm, "femur fracture", 20);
        List<String> b = codes(cm, "fractures of femur", 20);
        assertThat(a).isNotEmpty().containsExactlyInAnyOrderElementsOf(b);
        assertThat(titles(cm, "femur fracture", 20)).allSatisfy(t -> assertThat(t.toLowerCase()).contains("fracture").contains("femur"));
    }

    @Test
    void the_word_being_typed_matches_as_a_prefix_and_billable_codes_come_first() {
        List<CodeIndex.Hit> hits = cm.search("diab", 20);
        assertThat(hits).hasSize(20).allSatisfy(h -> {
            assertThat(cm.title(h.doc()).toLowerCase()).contains("diab");
            assertThat(cm.billable(h.doc())).isTrue();
        });
        assertThat(titles(pcs, "appendix resection", 5)).anySatisfy(t -> assertThat(t).startsWith("Resection of Appendix"));
    }

    @Test
    void the_hierarchy_marks_headers_and_runs_from_chapter_to_category_to_subcategory() {
        int e1165 = cm.lookup("E1165");
        int e116 = cm.parent(e1165);
        assertThat(cm.code(e116)).isEqualTo("E116");
        assertThat(cm.billable(e116)).isFalse();
        int e11 = cm.parent(e116);
        assertThat(cm.code(e11)).isEqualTo("E11");
        assertThat(cm.parent(e11)).isEqualTo(-1);
        assertThat(cm.chapter(e11)).isEqualTo("4");
        assertThat(java.util.Arrays.stream(cm.roots("4")).mapToObj(cm::code)).contains("E11", "E10").doesNotContain("E119");
        assertThat(cm.chapter(cm.lookup("QA00101"))).isEqualTo("17");
        assertThat(pcs.code(pcs.parent(pcs.lookup("0DTJ4ZZ")))).isEqualTo("0DT");
        assertThat(pcs.chapter(pcs.lookup("0DTJ4ZZ"))).isEqualTo("0");
    }

    @Test
    void nonsense_finds_nothing_and_costs_nothing() {
        assertThat(cm.search("zzqx", 10)).isEmpty();
        assertThat(cm.search("heart zzqx", 10)).isEmpty();
        assertThat(cm.search("   ", 10)).isEmpty();
    }
}
