package org.chartkeeper.disclosure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Burns redactions into pages: a page with anything to redact is rendered to an image (PDFBox), the regions and the
 * places its terms appear are painted black, and the page's content is replaced by that image alone, so no text,
 * font or hidden layer of the original page is left to extract. Pages without redactions are left untouched.
 */
final class RedactionBurner {

    static final float DPI = 150;

    private RedactionBurner() {}

    /** Applies the document's redactions (page numbers from 1) and returns how many pages were rasterized. */
    static int burn(PDDocument doc, List<Redaction> redactions) throws IOException {
        if (redactions.isEmpty()) return 0;
        int pages = doc.getNumberOfPages();
        Map<Integer, List<Rectangle2D>> regions = new HashMap<>(); // in fractions of the displayed page
        List<String> terms = new ArrayList<>();
        for (Redaction r : redactions) {
            if (r.region()) {
                if (r.pageNo() == null || r.pageNo() < 1 || r.pageNo() > pages) continue;
                regions.computeIfAbsent(r.pageNo() - 1, k -> new ArrayList<>())
                        .add(new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()));
            } else {
                terms.add(r.term().toLowerCase(Locale.ROOT));
            }
        }
        Map<Integer, List<Rectangle2D>> termBoxes = new HashMap<>();
        for (var e : (terms.isEmpty() ? Map.<String, Map<Integer, List<Rectangle2D>>>of() : findEach(doc, terms)).entrySet()) {
            String term = e.getKey();
            e.getValue().forEach((page, boxes) -> termBoxes.computeIfAbsent(page, k -> new ArrayList<>()).addAll(boxes));
            // a term found nowhere may still be there (a page image without text, another spelling): never assume it
            // was hidden; the specialist marks a region instead
            if (e.getValue().isEmpty()) {
                throw new org.chartkeeper.InvalidRequestException("redactions", "The redaction term \"" + term
                        + "\" is not in the text of one of the documents (it may be on a page image without text):"
                        + " mark the region on the page instead, or remove the term");
            }
        }
        PDFRenderer renderer = new PDFRenderer(doc);
        int burned = 0;
        for (int p = 0; p < pages; p++) {
            List<Rectangle2D> frac = regions.getOrDefault(p, List.of());
            List<Rectangle2D> points = termBoxes.getOrDefault(p, List.of());
            if (frac.isEmpty() && points.isEmpty()) continue;
            BufferedImage image = renderer.renderImageWithDPI(p, DPI, ImageType.GRAY); // gray: a third of the pixels to encode
            Graphics2D g = image.createGraphics();
            g.setColor(Color.BLACK);
            int w = image.getWidth();
            int h = image.getHeight();
            for (Rectangle2D r : frac) {
                g.fillRect((int) Math.floor(r.getX() * w), (int) Math.floor(r.getY() * h),
                        (int) Math.ceil(r.getWidth() * w) + 1, (int) Math.ceil(r.getHeight() * h) + 1);
            }
            float scale = DPI / 72f;
            for (Rectangle2D r : points) {
                g.fillRect((int) Math.floor((r.getX() - 1) * scale), (int) Math.floor((r.getY() - 1) * scale),
                        (int) Math.ceil((r.getWidth() + 2) * scale), (int) Math.ceil((r.getHeight() + 3) * scale));
            }
            g.dispose();
            replaceWithImage(doc, doc.getPage(p), image);
            burned++;
        }
        return burned;
    }

    /** The page's content becomes the image alone: new resources, no annotations, no rotation. */
    private static void replaceWithImage(PDDocument doc, PDPage page, BufferedImage image) throws IOException {
        PDRectangle box = new PDRectangle(image.getWidth() * 72f / DPI, image.getHeight() * 72f / DPI);
        page.setMediaBox(box);
        page.setCropBox(box);
        page.setRotation(0);
        page.setResources(new PDResources());
        page.setAnnotations(List.of());
        PDImageXObject x = LosslessFactory.createFromImage(doc, image);
        try (PDPageContentStream out = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE,
                true)) {
            out.drawImage(x, 0, 0, box.getWidth(), box.getHeight());
        }
    }

    /**
     * Where each term appears, page by page, in points from the displayed page's top left: one box per glyph of each
     * occurrence. The page's text is read glyph by glyph (a ligature's glyph stands for all its letters), case and
     * runs of white space ignored, so a term is found across a ligature, a line break or a change of font.
     */
    static Map<Integer, List<Rectangle2D>> findTerms(PDDocument doc, List<String> terms) throws IOException {
        Map<Integer, List<Rectangle2D>> found = new HashMap<>();
        for (Map<Integer, List<Rectangle2D>> ofTerm : findEach(doc, terms).values()) {
            ofTerm.forEach((page, boxes) -> found.computeIfAbsent(page, k -> new ArrayList<>()).addAll(boxes));
        }
        return found;
    }

    /** {@link #findTerms} for each term apart (keyed by the term as given), in one reading of the document. */
    static Map<String, Map<Integer, List<Rectangle2D>>> findEach(PDDocument doc, List<String> terms) throws IOException {
        Map<String, Map<Integer, List<Rectangle2D>>> each = new java.util.LinkedHashMap<>();
        for (String term : terms) each.put(term, new HashMap<>());
        for (int p = 0; p < doc.getNumberOfPages(); p++) {
            List<TextPosition> glyphs = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            List<Integer> owner = new ArrayList<>(); // for each char of text: its glyph, or -1 for a separator
            PDFTextStripper reader = new PDFTextStripper() {
                @Override
                protected void writeString(String chunk, List<TextPosition> positions) throws IOException {
                    space(text, owner);
                    for (TextPosition t : positions) {
                        String u = t.getUnicode();
                        if (u == null) continue;
                        glyphs.add(t);
                        for (char c : u.toCharArray()) {
                            if (Character.isWhitespace(c)) {
                                space(text, owner);
                            } else {
                                text.append(Character.toLowerCase(c));
                                owner.add(glyphs.size() - 1);
                            }
                        }
                    }
                    super.writeString(chunk, positions);
                }
            };
            reader.setStartPage(p + 1);
            reader.setEndPage(p + 1);
            reader.getText(doc);
            String page = text.toString();
            for (String given : terms) {
                String term = normalize(given);
                if (term.isEmpty()) continue;
                Map<Integer, List<Rectangle2D>> found = each.get(given);
                for (int i = page.indexOf(term); i >= 0; i = page.indexOf(term, i + 1)) {
                    java.util.Set<Integer> hit = new java.util.TreeSet<>();
                    for (int k = i; k < i + term.length(); k++) if (owner.get(k) >= 0) hit.add(owner.get(k));
                    for (int g : hit) {
                        TextPosition t = glyphs.get(g);
                        double top = t.getYDirAdj() - Math.max(t.getHeightDir(), t.getFontSizeInPt());
                        found.computeIfAbsent(p, k -> new ArrayList<>()).add(new Rectangle2D.Double(t.getXDirAdj(), top,
                                t.getWidthDirAdj(), t.getYDirAdj() - top));
                    }
                }
            }
        }
        return each;
    }

    /** The terms (as given) of which not one occurrence is in the document's text. */
    static List<String> missingTerms(PDDocument doc, List<String> terms) throws IOException {
        List<String> missing = new ArrayList<>();
        findEach(doc, terms).forEach((term, pages) -> {
            if (pages.isEmpty()) missing.add(term);
        });
        return missing;
    }

    /** Lower case, white space folded to one space, trimmed: how terms and page text are compared. */
    static String normalize(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isWhitespace(c)) {
                if (!b.isEmpty() && b.charAt(b.length() - 1) != ' ') b.append(' ');
            } else {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().strip();
    }

    private static void space(StringBuilder text, List<Integer> owner) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != ' ') {
            text.append(' ');
            owner.add(-1);
        }
    }
}
