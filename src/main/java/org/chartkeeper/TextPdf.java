package org.chartkeeper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Plain text laid out as a PDF letter (US Letter, a standard font, wrapped at word boundaries, paginated with "Page n
 * of m" when there is more than one page). The text is drawn as text, never interpreted: what someone typed appears
 * literally. The letters of chart completion and release of information share it.
 */
public final class TextPdf {

    /** How the text is set: font and size, left margin, characters per line, the indent of a wrapped line's rest. */
    public record Style(Standard14Fonts.FontName font, float size, float left, int widthChars, String continuation) {}

    /** Helvetica 11, the usual letter. */
    public static final Style LETTER = new Style(Standard14Fonts.FontName.HELVETICA, 11, 64, 92, "    ");

    private static final float MARGIN = 64;
    private static final float LEADING = 15;

    private TextPdf() {}

    /** The lines (each may be wrapped) as a PDF; {@code title} goes to the document information when given. */
    public static byte[] render(String title, List<String> text, Style style) {
        List<String> lines = new ArrayList<>();
        for (String t : text) lines.addAll(wrap(winAnsi(t), style.widthChars(), style.continuation()));
        int perPage = (int) ((PDRectangle.LETTER.getHeight() - 2 * MARGIN) / LEADING);
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            if (title != null) info.setTitle(winAnsi(title));
            info.setCreator("Chartkeeper");
            doc.setDocumentInformation(info);
            PDType1Font font = new PDType1Font(style.font());
            PDType1Font footer = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            int pages = Math.max(1, (lines.size() + perPage - 1) / perPage);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                doc.addPage(page);
                try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                    out.beginText();
                    out.setFont(font, style.size());
                    out.newLineAtOffset(style.left(), PDRectangle.LETTER.getHeight() - MARGIN);
                    for (String line : lines.subList(p * perPage, Math.min(lines.size(), (p + 1) * perPage))) {
                        out.showText(line);
                        out.newLineAtOffset(0, -LEADING);
                    }
                    out.endText();
                    if (pages > 1) {
                        out.beginText();
                        out.setFont(footer, 9);
                        out.newLineAtOffset(PDRectangle.LETTER.getWidth() / 2 - 30, MARGIN / 2);
                        out.showText("Page " + (p + 1) + " of " + pages);
                        out.endText();
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> wrap(String s, int width, String continuation) {
        List<String> out = new ArrayList<>();
        String rest = s;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) cut = width;
            out.add(rest.substring(0, cut));
            rest = continuation + rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }

    /** The standard fonts encode WinAnsi only: printable ASCII and Latin-1 letters kept, anything else becomes '?'. */
    public static String winAnsi(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\t') b.append("    ");
            else if (c >= 32 && c < 127 || c >= 0xA0 && c <= 0xFF) b.append(c);
            else b.append('?');
        }
        return b.toString();
    }
}
