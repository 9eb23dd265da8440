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
        Map<Integer, List<Rectangle2D>> termBoxes = terms.isEmpty() ? Map.of() : findTerms(doc, terms);
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

    /** Where each term appears, page by page, in points from the displayed page's top left. */
    static Map<Integer, List<Rectangle2D>> findTerms(PDDocument doc, List<String> terms) throws IOException {
        Map<Integer, List<Rectangle2D>> found = new HashMap<>();
        for (int p = 0; p < doc.getNumberOfPages(); p++) {
            int page = p;
            PDFTextStripper finder = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    String lower = text.toLowerCase(Locale.ROOT);
                    if (positions.size() != text.length()) return;
                    for (String term : terms) {
                        for (int i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) {
                            double left = Double.MAX_VALUE, top = Double.MAX_VALUE, right = 0, bottom = 0;
                            for (TextPosition t : positions.subList(i, i + term.length())) {
                                left = Math.min(left, t.getXDirAdj());
                                right = Math.max(right, t.getXDirAdj() + t.getWidthDirAdj());
                                top = Math.min(top, t.getYDirAdj() - Math.max(t.getHeightDir(), t.getFontSizeInPt()));
                                bottom = Math.max(bottom, t.getYDirAdj());
                            }
                            found.computeIfAbsent(page, k -> new ArrayList<>())
                                    .add(new Rectangle2D.Double(left, top, right - left, bottom - top));
                        }
                    }
                    super.writeString(text, positions);
                }
            };
            finder.setStartPage(p + 1);
            finder.setEndPage(p + 1);
            finder.getText(doc);
        }
        return found;
    }
}
