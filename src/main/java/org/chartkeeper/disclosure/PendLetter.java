package org.chartkeeper.disclosure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.stereotype.Component;

/** The letter to a requester that names what is missing before the request can be answered, as a PDF. */
@Component
class PendLetter {

    private static final float MARGIN = 64;
    private static final float LEADING = 15;
    private static final int WIDTH_CHARS = 90;

    byte[] render(RequestView view, LocalDate today) {
        RoiRequest r = view.request();
        List<String> lines = new ArrayList<>();
        lines.add(today.toString());
        lines.add("");
        lines.add(r.requesterName());
        if (r.requesterAddress() != null) lines.addAll(List.of(r.requesterAddress().split("\\R")));
        lines.add("");
        lines.add("Re: your request " + r.requestNo() + " received " + r.receivedOn() + " for the records of "
                + view.patient().name() + " (born " + view.patient().birthDate() + ")");
        lines.add("");
        List<ChecklistItem> missing = view.checklist().missing();
        if (missing.isEmpty()) {
            lines.add("Your request is complete; nothing further is needed from you.");
        } else {
            lines.add("We cannot yet answer your request. Please send us the following:");
            lines.add("");
            for (ChecklistItem item : missing) lines.add("  - " + item.missing());
            lines.add("");
            lines.add("When we receive them we will complete your request. Please quote " + r.requestNo() + ".");
        }
        lines.add("");
        lines.add("Health Information Management, Release of Information");
        return pdf(lines);
    }

    private static byte[] pdf(List<String> text) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            List<String> lines = new ArrayList<>();
            for (String t : text) lines.addAll(wrap(ascii(t)));
            PDPage page = null;
            PDPageContentStream out = null;
            float y = 0;
            for (String line : lines) {
                if (page == null || y < MARGIN) {
                    if (out != null) {
                        out.endText();
                        out.close();
                    }
                    page = new PDPage(PDRectangle.LETTER);
                    doc.addPage(page);
                    out = new PDPageContentStream(doc, page);
                    out.beginText();
                    out.setFont(font, 11);
                    y = PDRectangle.LETTER.getHeight() - MARGIN;
                    out.newLineAtOffset(MARGIN, y);
                }
                out.showText(line);
                out.newLineAtOffset(0, -LEADING);
                y -= LEADING;
            }
            if (out != null) {
                out.endText();
                out.close();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> wrap(String s) {
        List<String> out = new ArrayList<>();
        String rest = s;
        while (rest.length() > WIDTH_CHARS) {
            int cut = rest.lastIndexOf(' ', WIDTH_CHARS);
            if (cut <= 0) cut = WIDTH_CHARS;
            out.add(rest.substring(0, cut));
            rest = "    " + rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }

    /** The standard fonts encode WinAnsi only; anything else becomes '?'. */
    private static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? c : (c == '\t' ? ' ' : '?'));
        return b.toString();
    }
}
