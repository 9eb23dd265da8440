package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised() {
        assertThat(AuditCsv.cell("=HYPERLINK(\"http://evil\",\"x\")")).startsWith("'=");
        assertThat(AuditCsv.cell("+1+1")).isEqualTo("'+1+1");
        assertThat(AuditCsv.cell("-2")).isEqualTo("'-2");
        assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void ordinary_text_and_empty_values_are_left_alone() {
        assertThat(AuditCsv.cell("Covering the ICU tonight")).isEqualTo("Covering the ICU tonight");
        assertThat(AuditCsv.cell("")).isEmpty();
        assertThat(AuditCsv.cell(null)).isNull();
    }
}
