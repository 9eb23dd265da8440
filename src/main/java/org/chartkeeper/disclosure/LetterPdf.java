package org.chartkeeper.disclosure;

import java.util.List;
import org.chartkeeper.TextPdf;

/**
 * A letter's filled text laid out as a PDF (US Letter, Helvetica 11, wrapped, paginated with page numbers). The text
 * is drawn as text, never interpreted: what a requester typed appears literally.
 */
final class LetterPdf {

    private LetterPdf() {}

    static byte[] render(String title, String text) {
        return TextPdf.render(title, List.of(text.split("\\R", -1)), TextPdf.LETTER);
    }

    static String winAnsi(String s) {
        return TextPdf.winAnsi(s);
    }
}
