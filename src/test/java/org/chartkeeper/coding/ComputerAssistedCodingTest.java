package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Computer-assisted coding over the demo code set's index: codes found sentence by sentence with the sentence that
 * supports them, negated mentions not suggested (NegEx-style triggers), "history of" kept as a qualifier.
 */
class ComputerAssistedCodingTest {

    static Map<CodeSystem, CodeIndex> indexes = new EnumMap<>(CodeSystem.class);
    static ComputerAssistedCoding cac;

    @BeforeAll
    static void index() throws IOException {
        Map<CodeSystem, List<CodeEntry>> entries = new EnumMap<>(CodeSystem.class);
        try (InputStream in = CodeSetService.class.getResourceAsStream("/coding/demo-codes.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                entries.computeIfAbsent(CodeSystem.valueOf(f[0]), k -> new ArrayList<>())
                        .add(new CodeEntry(f[1], f[2].equals("1"), f[3], f[4], null));
            }
        }
        entries.forEach((system, list) -> indexes.put(system, new CodeIndex(new CodeSetVersion(1, system, "demo", 2026,
                LocalDate.of(2025, 10, 1), LocalDate.of(2026, 9, 30), "demo-codes.tsv", "x", true, list.size(), 0,
                Instant.now(), "test"), list, Synonyms.load(), Chapters.load())));
        cac = ComputerAssistedCoding.withIndex((query, system) -> {
            CodeIndex index = indexes.get(system);
            return index.search(query, 5).stream()
                    .map(h -> new ComputerAssistedCoding.Hit(index.code(h.doc()), index.title(h.doc()), index.billable(h.doc())))
                    .toList();
        });
    }

    static List<String> affirmed(String text) {
        return cac.find(text, true).stream().filter(f -> !f.negated()).map(ComputerAssistedCoding.Finding::code).toList();
    }

    @Test
    void a_diagnosis_stated_in_a_sentence_is_suggested_with_that_sentence_as_evidence() {
        String text = "Chief complaint: shortness of breath.\nAssessment: acute on chronic systolic heart failure. Plan: diuresis.";
        List<ComputerAssistedCoding.Finding> found = cac.find(text, true);
        ComputerAssistedCoding.Finding hf = found.stream().filter(f -> f.code().startsWith("I50")).findFirst().orElseThrow();
        assertThat(hf.negated()).isFalse();
        assertThat(text.substring(hf.start(), hf.end())).isEqualTo("Assessment: acute on chronic systolic heart failure.");
        assertThat(hf.sentence()).isEqualTo(text.substring(hf.start(), hf.end()));
    }

    @Test
    void denies_chest_pain_is_not_suggested_but_chest_pain_stated_plainly_is() {
        assertThat(affirmed("The patient denies chest pain.")).noneMatch(c -> c.startsWith("R07"));
        assertThat(affirmed("The patient has chest pain radiating to the arm.")).anyMatch(c -> c.startsWith("R07"));
    }

    @Test
    void negative_for_no_evidence_of_and_ruled_out_negate_what_follows_or_precedes() {
        assertThat(affirmed("Chest radiograph negative for pneumonia.")).noneMatch(c -> c.startsWith("J18"));
        assertThat(affirmed("No evidence of pneumonia on imaging.")).noneMatch(c -> c.startsWith("J18"));
        assertThat(affirmed("Pneumonia was ruled out.")).noneMatch(c -> c.startsWith("J18"));
        assertThat(affirmed("Community-acquired pneumonia, treated with ceftriaxone.")).anyMatch(c -> c.startsWith("J18"));
    }

    @Test
    void an_allergy_reaction_and_a_family_history_are_not_the_patients_conditions() {
        assertThat(affirmed("Allergies: codeine (nausea).")).noneMatch(c -> c.startsWith("R11"));
        assertThat(affirmed("Family history of type 2 diabetes mellitus.")).doesNotContain("E119");
    }

    @Test
    void negation_stops_at_but_so_what_comes_after_is_affirmed() {
        List<String> codes = affirmed("No fever but worsening chest pain since this morning.");
        assertThat(codes).anyMatch(c -> c.startsWith("R07")).noneMatch(c -> c.startsWith("R50"));
    }

    @Test
    void abbreviations_in_notes_expand_dm2_copd_chf() {
        assertThat(affirmed("Past problems: DM2 on metformin.")).contains("E119");
        assertThat(affirmed("Admitted with COPD exacerbation.")).anyMatch(c -> c.startsWith("J44"));
    }

    @Test
    void history_of_is_kept_as_a_qualifier() {
        ComputerAssistedCoding.Finding f = cac.find("History of hypertension, well controlled.", false).stream()
                .filter(x -> x.code().equals("I10")).findFirst().orElseThrow();
        assertThat(f.negated()).isFalse();
        assertThat(f.qualifier()).isEqualTo("history");
    }

    @Test
    void a_procedure_in_the_note_is_suggested_in_pcs_for_an_inpatient_stay_only() {
        String note = "Operation: laparoscopic appendectomy without complication.";
        assertThat(cac.find(note, true)).anyMatch(f -> f.system() == CodeSystem.ICD10PCS && f.code().equals("0DTJ4ZZ"));
        assertThat(cac.find(note, false)).noneMatch(f -> f.system() == CodeSystem.ICD10PCS);
    }

    @Test
    void sentences_end_at_full_stops_and_line_ends_not_at_decimal_points() {
        String text = "Creatinine 2.8 today. Next line\nAnother";
        assertThat(ComputerAssistedCoding.sentences(text).stream().map(s -> text.substring(s[0], s[1])))
                .containsExactly("Creatinine 2.8 today.", "Next line", "Another");
    }
}
