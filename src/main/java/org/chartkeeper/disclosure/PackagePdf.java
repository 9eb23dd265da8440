package org.chartkeeper.disclosure;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * Renders a release package as one PDF: the cover letter, the Part 2 redisclosure notice when it applies, the
 * records in order (typed documents set as text, filed PDFs and images as they are, redactions burned in), and the
 * invoice; then every page gets a Bates number and a watermark naming the recipient and the date.
 */
final class PackagePdf {

    private static final float MARGIN = 56;
    private static final float LEADING = 13;
    private static final int WIDTH_CHARS = 95;

    private PackagePdf() {}

    /** One document of the record to include. {@code text} for typed documents, {@code file} for filed ones. */
    record Part(String heading, List<String> header, String text, byte[] file, String mediaType,
                List<Redaction> redactions) {}

    /** What the package says around the records. {@code cover} gets the Bates ranges of the records appended. */
    record Spec(List<String> coverTop, List<String> coverBottom, List<Part> parts, String redisclosureNotice,
                IntFunction<List<String>> invoice, String watermark, String batesPrefix) {}

    record Rendered(byte[] pdf, int pages, int recordPages, String batesFirst, String batesLast, int redactedPages) {}

    static Rendered render(Spec spec) {
        List<PDDocument> open = new ArrayList<>();
        try (PDDocument out = new PDDocument()) {
            PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            List<PDDocument> parts = new ArrayList<>();
            int redacted = 0;
            int recordPages = 0;
            for (Part part : spec.parts()) {
                PDDocument d = partDocument(part, regular, bold);
                open.add(d);
                redacted += RedactionBurner.burn(d, part.redactions());
                recordPages += d.getNumberOfPages();
                parts.add(d);
            }
            PDDocument notice = null;
            if (spec.redisclosureNotice() != null) {
                notice = textDocument(List.of("NOTICE: REDISCLOSURE PROHIBITED (42 CFR 2.32)", ""),
                        List.of(spec.redisclosureNotice()), regular, bold);
                open.add(notice);
            }
            PDDocument invoice = textDocument(List.of("INVOICE"), spec.invoice().apply(recordPages), regular, bold);
            open.add(invoice);
            // the cover names each record's Bates range, which depends on how many pages the cover itself takes
            int coverPages = 1;
            PDDocument cover;
            while (true) {
                int first = coverPages + (notice == null ? 0 : notice.getNumberOfPages()) + 1;
                List<String> lines = new ArrayList<>(spec.coverTop());
                for (int i = 0; i < parts.size(); i++) {
                    int n = parts.get(i).getNumberOfPages();
                    lines.add("  " + (i + 1) + ". " + spec.parts().get(i).heading() + "  (" + bates(spec, first)
                            + " to " + bates(spec, first + n - 1) + ")");
                    first += n;
                }
                lines.addAll(spec.coverBottom());
                cover = textDocument(List.of(), lines, regular, bold);
                if (cover.getNumberOfPages() == coverPages) break;
                coverPages = cover.getNumberOfPages();
                cover.close();
            }
            open.add(cover);
            PDFMergerUtility merger = new PDFMergerUtility();
            merger.appendDocument(out, cover);
            if (notice != null) merger.appendDocument(out, notice);
            for (PDDocument d : parts) merger.appendDocument(out, d);
            merger.appendDocument(out, invoice);
            int total = out.getNumberOfPages();
            stamp(out, spec, regular, bold);
            // the package's own metadata only (the parts were stripped of theirs)
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle("Release of information package");
            info.setProducer("Chartkeeper");
            info.setCreationDate(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
            out.setDocumentInformation(info);
            out.getDocumentCatalog().setMetadata(null);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            out.save(bytes);
            return new Rendered(bytes.toByteArray(), total, recordPages, bates(spec, 1), bates(spec, total), redacted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (PDDocument d : open) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // closing a rendered part cannot lose anything
                }
            }
        }
    }

    /** What a document's catalog keeps in the package: its page tree, nothing else. */
    private static final java.util.Set<COSName> CATALOG_KEEPS = java.util.Set.of(COSName.TYPE, COSName.PAGES);
    /** What a page keeps: what draws it. Annotations, actions, metadata, thumbnails, structure and the like go. */
    private static final java.util.Set<COSName> PAGE_KEEPS = java.util.Set.of(COSName.TYPE, COSName.PARENT,
            COSName.RESOURCES, COSName.MEDIA_BOX, COSName.CROP_BOX, COSName.BLEED_BOX, COSName.TRIM_BOX, COSName.ART_BOX,
            COSName.CONTENTS, COSName.ROTATE, COSName.GROUP, COSName.USER_UNIT);

    /**
     * Strips a filed PDF down to its pages' drawn content before it goes into a package: the visible appearance of
     * its form fields is flattened into the page (hidden fields are dropped), then the document information, XMP
     * metadata, outline (bookmarks), AcroForm and XFA, name trees (embedded files, JavaScript, destinations), open
     * and additional actions, structure tree (alternate texts), page labels, threads and every other catalog entry
     * go, and each page loses its annotations (links, comments, file attachments, widgets), actions, metadata,
     * thumbnails and structure references. PDFBox's merger would otherwise copy all of these into the package,
     * where redaction (which works on the drawn page) cannot reach them. The package carries only its own metadata.
     */
    static void strip(PDDocument doc) throws IOException {
        var catalog = doc.getDocumentCatalog();
        var form = catalog.getAcroForm(null);
        if (form != null) {
            try {
                form.flatten();
            } catch (IOException | RuntimeException e) {
                // a form PDFBox cannot flatten loses its fields' values rather than leaking them
            }
        }
        COSDictionary root = catalog.getCOSObject();
        for (COSName key : new ArrayList<>(root.keySet())) {
            if (!CATALOG_KEEPS.contains(key)) root.removeItem(key);
        }
        doc.setDocumentInformation(new PDDocumentInformation());
        for (PDPage page : doc.getPages()) {
            COSDictionary p = page.getCOSObject();
            for (COSName key : new ArrayList<>(p.keySet())) {
                if (!PAGE_KEEPS.contains(key)) p.removeItem(key);
            }
        }
        // inner nodes of the page tree carry only inheritable drawing attributes besides the tree itself
        stripTree(catalog.getPages().getCOSObject());
    }

    private static void stripTree(COSDictionary node) {
        if (!COSName.PAGES.equals(node.getCOSName(COSName.TYPE))) return;
        for (COSName key : new ArrayList<>(node.keySet())) {
            if (!PAGE_KEEPS.contains(key) && !key.equals(COSName.KIDS) && !key.equals(COSName.COUNT)) node.removeItem(key);
        }
        if (node.getDictionaryObject(COSName.KIDS) instanceof org.apache.pdfbox.cos.COSArray kids) {
            for (int i = 0; i < kids.size(); i++) {
                if (kids.getObject(i) instanceof COSDictionary kid) stripTree(kid);
            }
        }
    }

    static String bates(Spec spec, int page) {
        return spec.batesPrefix() + String.format("%06d", page);
    }

    /** A document as pages: a filed PDF as it is, images one per page, typed text set in pages. */
    static PDDocument partDocument(Part part, PDFont regular, PDFont bold) throws IOException {
        if (part.file() != null && "application/pdf".equals(part.mediaType())) {
            PDDocument doc = Loader.loadPDF(part.file());
            strip(doc);
            return doc;
        }
        if (part.file() != null) {
            PDDocument doc = new PDDocument();
            for (BufferedImage image : images(part.file())) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                doc.addPage(page);
                PDImageXObject x = LosslessFactory.createFromImage(doc, image);
                float w = PDRectangle.LETTER.getWidth() - 2 * MARGIN;
                float h = PDRectangle.LETTER.getHeight() - 2 * MARGIN;
                float scale = Math.min(w / image.getWidth(), h / image.getHeight());
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(x, MARGIN, PDRectangle.LETTER.getHeight() - MARGIN - image.getHeight() * scale,
                            image.getWidth() * scale, image.getHeight() * scale);
                }
            }
            return doc;
        }
        List<String> heading = new ArrayList<>();
        heading.add(part.heading());
        heading.addAll(part.header());
        heading.add("");
        return textDocument(heading, List.of(part.text() == null ? "" : part.text()), regular, bold);
    }

    private static List<BufferedImage> images(byte[] file) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("unreadable image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int n = reader.getNumImages(true);
                for (int i = 0; i < n; i++) out.add(reader.read(i));
            } finally {
                reader.dispose();
            }
        }
        return out;
    }

    /** Pages of text: bold heading lines, then the body wrapped to the page. */
    static PDDocument textDocument(List<String> heading, List<String> body, PDFont regular, PDFont bold)
            throws IOException {
        PDDocument doc = new PDDocument();
        List<String[]> lines = new ArrayList<>(); // [font, text]
        for (String h : heading) for (String l : wrap(ascii(h))) lines.add(new String[] {"b", l});
        for (String b : body) {
            for (String para : b.split("\\R", -1)) for (String l : wrap(ascii(para))) lines.add(new String[] {"r", l});
        }
        PDPageContentStream cs = null;
        float y = 0;
        try {
            for (String[] line : lines) {
                if (cs == null || y < MARGIN + 20) {
                    if (cs != null) {
                        cs.endText();
                        cs.close();
                    }
                    PDPage page = new PDPage(PDRectangle.LETTER);
                    doc.addPage(page);
                    cs = new PDPageContentStream(doc, page);
                    cs.beginText();
                    y = PDRectangle.LETTER.getHeight() - MARGIN;
                    cs.newLineAtOffset(MARGIN, y);
                }
                cs.setFont(line[0].equals("b") ? bold : regular, 10);
                cs.showText(line[1]);
                cs.newLineAtOffset(0, -LEADING);
                y -= LEADING;
            }
            if (cs == null) doc.addPage(new PDPage(PDRectangle.LETTER));
        } finally {
            if (cs != null) {
                cs.endText();
                cs.close();
            }
        }
        return doc;
    }

    /** Bates number at the bottom right, and the recipient watermark: across the page and in the footer. */
    private static void stamp(PDDocument doc, Spec spec, PDFont regular, PDFont bold) throws IOException {
        PDExtendedGraphicsState faint = new PDExtendedGraphicsState();
        faint.setNonStrokingAlphaConstant(0.15f);
        String mark = ascii(spec.watermark());
        int n = 0;
        for (PDPage page : doc.getPages()) {
            n++;
            PDRectangle box = page.getCropBox();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
                    true, true)) {
                cs.saveGraphicsState();
                cs.setGraphicsStateParameters(faint);
                cs.beginText();
                float size = Math.max(10, Math.min(28, box.getWidth() * 1.1f / Math.max(1, mark.length()) * 1.6f));
                cs.setFont(bold, size);
                cs.setTextMatrix(Matrix.getRotateInstance(Math.toRadians(45),
                        box.getLowerLeftX() + box.getWidth() * 0.12f, box.getLowerLeftY() + box.getHeight() * 0.2f));
                cs.showText(mark);
                cs.endText();
                cs.restoreGraphicsState();
                cs.beginText();
                cs.setFont(regular, 7);
                cs.newLineAtOffset(box.getLowerLeftX() + 24, box.getLowerLeftY() + 14);
                cs.showText(mark);
                cs.endText();
                String number = bates(spec, n);
                cs.beginText();
                cs.setFont(bold, 9);
                cs.newLineAtOffset(box.getUpperRightX() - 24 - bold.getStringWidth(number) / 1000 * 9,
                        box.getLowerLeftY() + 14);
                cs.showText(number);
                cs.endText();
            }
        }
    }

    private static List<String> wrap(String s) {
        List<String> out = new ArrayList<>();
        String rest = s;
        while (rest.length() > WIDTH_CHARS) {
            int cut = rest.lastIndexOf(' ', WIDTH_CHARS);
            if (cut <= 0) cut = WIDTH_CHARS;
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }

    /** The standard fonts encode WinAnsi only; anything else becomes '?'. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? c : (c == '\t' ? "    " : "?"));
        return b.toString();
    }
}
