package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Letters from templates: allow-listed fields filled once; input printed literally; the PDF carries the text. */
class LetterTemplateTest {

    @Test
    void fields_are_filled_and_unknown_ones_left_empty() {
        assertThat(LetterService.fill("Dear {{requesterName}}, re {{requestNo}}.", Map.of("requesterName", "Dewey & Howe LLP",
                "requestNo", "ROI-000042"))).isEqualTo("Dear Dewey & Howe LLP, re ROI-000042.");
        assertThat(LetterService.fill("[{{fee}}]", Map.of())).isEqualTo("[]");
    }

    @Test
    void a_value_is_never_itself_expanded() {
        String filled = LetterService.fill("From: {{requesterName}}", Map.of("requesterName", "{{patientName}} <script>",
                "patientName", "SECRET NAME"));
        assertThat(filled).isEqualTo("From: {{patientName}} <script>");
    }

    @Test
    void a_field_outside_the_allow_list_is_refused_when_the_template_is_saved() {
        assertThatThrownBy(() -> LetterService.checkPlaceholders("Hello {{patientSsn}} and {{today}}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("{{patientSsn}}")
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("body");
        assertThatThrownBy(() -> LetterService.checkPlaceholders("Hello {{sys:user.home}}"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> LetterService.checkPlaceholders("Hello {{today"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not written");
        LetterService.checkPlaceholders("Cost \\{{fee}} is literal; {{fee}} is the field");
        assertThat(LetterService.fill("Cost \\{{fee}} is literal; {{fee}} is the field", Map.of("fee", "USD 25.00")))
                .isEqualTo("Cost {{fee}} is literal; USD 25.00 is the field");
    }

    @Test
    void the_pdf_prints_what_was_typed_literally_and_wraps_long_lines() throws IOException {
        String text = LetterService.fill("To {{requesterName}}\n{{description}}", Map.of("requesterName",
                "<b>O'Brien & Sons</b>", "description", "word ".repeat(60)));
        String pdf = AccountingLetterTest.text(LetterPdf.render("Test", text));
        assertThat(pdf).contains("To <b>O'Brien & Sons</b>");
        assertThat(pdf.lines().filter(l -> l.contains("word")).count()).isGreaterThan(1);
    }

    @Test
    void characters_the_standard_font_cannot_draw_become_question_marks() {
        assertThat(LetterPdf.winAnsi("Zoë 😀\u0001")).isEqualTo("Zoë ???");
    }
}
