package org.chartkeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo hospital's coding: the codes it assigns to the diagnoses its notes describe, without a database. */
class DemoCodingTest {

    /** system:code to billable, from the shipped demo code set. */
    private static Map<String, Boolean> demoCodes() throws IOException {
        Map<String, Boolean> codes = new HashMap<>();
        try (InputStream in = DemoCodingTest.class.getResourceAsStream("/coding/demo-codes.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                codes.put(f[0] + ":" + f[1], f[2].equals("1"));
            }
        }
        return codes;
    }

    @Test
    void every_code_the_demo_assigns_is_a_billable_code_of_the_demo_code_set() throws IOException {
        Map<String, Boolean> demo = demoCodes();
        List<String> used = new ArrayList<>();
        for (DemoCoding.Coded c : DemoCoding.CODED) {
            c.dx().forEach(code -> used.add("ICD10CM:" + code));
            if (c.pcs() != null) used.add("ICD10PCS:" + c.pcs());
        }
        DemoCoding.HISTORY.values().forEach(code -> used.add("ICD10CM:" + code));
        DemoCoding.OTHER_CODES.forEach(code -> used.add("ICD10CM:" + code));
        assertThat(used).allSatisfy(code -> assertThat(demo.get(code)).as(code + " in coding/demo-codes.tsv, billable").isTrue());
    }

    @Test
    void every_diagnosis_the_demo_notes_describe_is_coded_by_its_own_name() {
        for (List<DemoRecord.Dx> department : DemoRecord.DIAGNOSES.values()) {
            for (DemoRecord.Dx dx : department) {
                // DemoCoding takes the first entry whose name the note contains
                DemoCoding.Coded first = DemoCoding.CODED.stream().filter(c -> dx.name().contains(c.name())).findFirst()
                        .orElseThrow(() -> new AssertionError("no coding for " + dx.name()));
                assertThat(first.name()).isEqualTo(dx.name());
                assertThat(first.pcs() != null).as("a procedure code exactly when the note names a procedure: " + dx.name())
                        .isEqualTo(dx.procedure() != null);
            }
        }
    }

    @Test
    void the_codes_match_what_the_notes_say() {
        assertThat(coded("small bowel obstruction").dx()).containsExactly("K56609");
        assertThat(coded("preeclampsia without severe features").dx()).containsExactly("O1403", "Z3A37");
        assertThat(note("preeclampsia without severe features").story()).contains("37 weeks");
        assertThat(coded("term pregnancy in active labor").dx()).containsExactly("O34211", "Z3A39", "Z370");
        assertThat(note("term pregnancy in active labor").story()).contains("prior low transverse cesarean", "39 weeks");
        assertThat(coded("bronchiolitis").dx()).containsExactly("J219");
        assertThat(coded("neutropenic fever").dx()).containsExactly("D709", "R5081");
        assertThat(coded("new-onset seizure").dx()).containsExactly("R569");
        // pain control first, then the bone metastases and their primary: lung, which needs no sex-specific code
        assertThat(coded("cancer-related pain").dx()).containsExactly("G893", "C7951", "C3490");
        assertThat(note("cancer-related pain").story()).contains("metastatic lung cancer");
        assertThat(coded("right femoral neck fracture").pcs()).isEqualTo("0SRR019");
        assertThat(note("right femoral neck fracture").procedure()).contains("hemiarthroplasty");
    }

    @Test
    void every_patient_gets_a_department_and_scenario_that_fit_them_from_the_same_draw() {
        for (String sex : List.of("female", "male")) {
            for (int age = 0; age <= 110; age++) {
                for (int d = 0; d < 10; d++) {
                    String department = DemoHospital.department(d, sex, age);
                    List<DemoRecord.Dx> all = DemoRecord.DIAGNOSES.get(department);
                    for (int draw = 0; draw < all.size(); draw++) {
                        DemoRecord.Dx dx = DemoRecord.scenario(department, draw, sex, age);
                        String who = age + "-year-old " + sex + " in " + department + ": " + dx.name();
                        assertThat(dx.fits(sex, age)).as(who).isTrue();
                        // a scenario that fits is kept: the draw chooses as it always did
                        if (all.get(draw).fits(sex, age)) assertThat(dx).as(who).isSameAs(all.get(draw));
                        boolean obstetric = DemoCoding.coded(dx).dx().stream().anyMatch(c -> c.startsWith("O") || c.startsWith("Z3"));
                        if (obstetric) assertThat(sex.equals("female") && age >= 15 && age <= 49).as(who).isTrue();
                        if (department.equals("Pediatrics")) assertThat(age).as(who).isLessThan(18);
                        if (dx.name().equals("bronchiolitis")) assertThat(age).as(who).isLessThan(2);
                    }
                }
            }
        }
        assertThat(DemoHospital.department(4, "female", 30)).isEqualTo("Obstetrics");
        assertThat(DemoHospital.department(4, "male", 30)).isNotEqualTo("Obstetrics");
        assertThat(DemoHospital.department(5, "female", 1)).isEqualTo("Pediatrics");
        assertThat(DemoHospital.department(0, "female", 1)).isEqualTo("Pediatrics");
        assertThat(DemoHospital.department(5, "male", 40)).isNotEqualTo("Pediatrics");
    }

    @Test
    void hypertension_and_diabetes_with_heart_failure_or_chronic_kidney_disease_take_the_combination_codes() {
        assertThat(DemoCoding.combined(List.of("I10", "N1830"))).containsExactly("I129", "N1830");
        assertThat(DemoCoding.combined(List.of("N179", "N1830", "I10"))).containsExactly("N179", "I129", "N1830");
        assertThat(DemoCoding.combined(List.of("I509", "I10"))).containsExactly("I110", "I509");
        assertThat(DemoCoding.combined(List.of("I509", "N1830", "I10"))).containsExactly("I130", "I509", "N1830");
        assertThat(DemoCoding.combined(List.of("E119", "N1830"))).containsExactly("E1122", "N1830");
        assertThat(DemoCoding.combined(List.of("J189", "N1830", "E119", "I10")))
                .containsExactly("J189", "I129", "E1122", "N1830");
        assertThat(DemoCoding.combined(List.of("J189", "E119", "I10"))).containsExactly("J189", "E119", "I10");
    }

    @Test
    void poa_exempt_codes_get_1_and_the_rest_y() {
        assertThat(DemoCoding.poa("Z3A39")).isEqualTo("1");
        assertThat(DemoCoding.poa("Z370")).isEqualTo("1");
        assertThat(DemoCoding.poa("O34211")).isEqualTo("Y");
    }

    private static DemoCoding.Coded coded(String name) {
        return DemoCoding.CODED.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static DemoRecord.Dx note(String name) {
        return DemoRecord.DIAGNOSES.values().stream().flatMap(List::stream).filter(d -> d.name().equals(name))
                .findFirst().orElseThrow();
    }
}
