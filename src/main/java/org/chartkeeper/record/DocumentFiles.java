package org.chartkeeper.record;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.Splitter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartkeeper.InvalidRequestException;

/**
 * The file formats the record accepts (PDF, TIFF, PNG, JPEG), told apart by their content, never by their name alone:
 * a file whose name and content disagree is refused. Also splits files into pages, renders page previews, joins
 * pages into one PDF and extracts text (PDFBox) for search.
 */
final class DocumentFiles {

    private DocumentFiles() {}

    enum Format {
        PDF("application/pdf", "pdf"), TIFF("image/tiff", "tif", "tiff"), PNG("image/png", "png"),
        JPEG("image/jpeg", "jpg", "jpeg");

        final String mediaType;
        final List<String> extensions;

        Format(String mediaType, String... extensions) {
            this.mediaType = mediaType;
            this.extensions = List.of(extensions);
        }

        static Format ofMediaType(String mediaType) {
            for (Format f : values()) if (f.mediaType.equals(mediaType)) return f;
            throw new IllegalArgumentException("unsupported media type");
        }
    }

    /** A checked upload: its format, number of pages and the text found in it (PDF text layers only). */
    record Checked(Format format, int pages, String text) {}

    /** One page of a file as stored for indexing: a one-page PDF or an image. */
    record Page(Format format, byte[] bytes, String text) {}

    static final int MAX_NAME = 255;

    /**
     * Checks the name's extension is an accepted one, the content's signature matches it, and the file opens.
     * Refusals name the field {@code field}.
     */
    static Checked check(String field, String fileName, byte[] bytes) {
        if (fileName == null || fileName.isBlank()) throw new InvalidRequestException(field, "The file has no name");
        if (fileName.length() > MAX_NAME) {
            throw new InvalidRequestException(field, "The file name is too long (at most " + MAX_NAME + " characters)");
        }
        if (bytes == null || bytes.length == 0) throw new InvalidRequestException(field, "The file " + fileName + " is empty");
        String ext = extension(fileName);
        Format named = null;
        for (Format f : Format.values()) if (f.extensions.contains(ext)) named = f;
        if (named == null) {
            throw new InvalidRequestException(field, "'" + fileName + "' is not a PDF, TIFF, PNG or JPEG file;"
                    + " only those can be added to the record");
        }
        Format actual = sniff(bytes);
        if (actual != named) {
            throw new InvalidRequestException(field, "'" + fileName + "' is named as a " + named
                    + " file but its content is " + (actual == null ? "not a PDF, TIFF, PNG or JPEG file" : "a " + actual + " file")
                    + "; it was refused");
        }
        try {
            return switch (actual) {
                case PDF -> {
                    try (PDDocument doc = Loader.loadPDF(bytes)) {
                        if (doc.getNumberOfPages() == 0) throw new InvalidRequestException(field, "'" + fileName + "' has no pages");
                        yield new Checked(actual, doc.getNumberOfPages(), text(doc));
                    }
                }
                case TIFF -> new Checked(actual, tiffFrames(bytes).size(), null);
                case PNG, JPEG -> {
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                    if (image == null) throw new IOException("unreadable image");
                    yield new Checked(actual, 1, null);
                }
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException invalid) throw invalid;
            throw new InvalidRequestException(field, "'" + fileName + "' looks like a " + actual
                    + " file but cannot be opened (damaged or incomplete)");
        }
    }

    /** The format the content's first bytes announce, or null. */
    static Format sniff(byte[] b) {
        if (b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') return Format.PDF;
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d
                && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) return Format.PNG;
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return Format.JPEG;
        if (b.length >= 4 && (b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0
                || b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42)) return Format.TIFF;
        return null;
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT).strip();
    }

    /** Splits a checked file into pages: a PDF into one-page PDFs, a TIFF into PNG pages, an image is one page. */
    static List<Page> pages(Format format, byte[] bytes) {
        try {
            List<Page> pages = new ArrayList<>();
            switch (format) {
                case PDF -> {
                    try (PDDocument doc = Loader.loadPDF(bytes)) {
                        for (PDDocument one : new Splitter().split(doc)) {
                            try (one) {
                                ByteArrayOutputStream out = new ByteArrayOutputStream();
                                String text = text(one);
                                one.save(out);
                                pages.add(new Page(Format.PDF, out.toByteArray(), text));
                            }
                        }
                    }
                }
                case TIFF -> {
                    for (BufferedImage frame : tiffFrames(bytes)) pages.add(new Page(Format.PNG, png(frame), null));
                }
                case PNG, JPEG -> pages.add(new Page(format, bytes, null));
            }
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG preview of a page (the first page of a PDF) at most {@code width} pixels wide. */
    static byte[] preview(Format format, byte[] bytes, int width) {
        try {
            BufferedImage image;
            if (format == Format.PDF) {
                try (PDDocument doc = Loader.loadPDF(bytes)) {
                    PDPage page = doc.getPage(0);
                    float dpi = Math.max(24f, Math.min(150f, width * 72f / page.getMediaBox().getWidth()));
                    image = new PDFRenderer(doc).renderImageWithDPI(0, dpi, ImageType.RGB);
                }
            } else if (format == Format.TIFF) {
                image = tiffFrames(bytes).getFirst();
            } else {
                image = ImageIO.read(new ByteArrayInputStream(bytes));
            }
            return png(scale(image, width));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Joins pages (one-page PDFs and images) into one PDF, in order. */
    static byte[] join(List<Page> pages) {
        List<PDDocument> sources = new ArrayList<>();
        try (PDDocument out = new PDDocument()) {
            for (Page p : pages) {
                if (p.format() == Format.PDF) {
                    PDDocument src = Loader.loadPDF(p.bytes());
                    sources.add(src);
                    for (PDPage page : src.getPages()) out.importPage(page);
                } else {
                    PDImageXObject image = p.format() == Format.JPEG
                            ? JPEGFactory.createFromByteArray(out, p.bytes())
                            : LosslessFactory.createFromImage(out, ImageIO.read(new ByteArrayInputStream(p.bytes())));
                    PDPage page = new PDPage(PDRectangle.LETTER);
                    out.addPage(page);
                    PDRectangle box = page.getMediaBox();
                    float scale = Math.min(box.getWidth() / image.getWidth(), box.getHeight() / image.getHeight());
                    float w = image.getWidth() * scale;
                    float h = image.getHeight() * scale;
                    try (PDPageContentStream cs = new PDPageContentStream(out, page)) {
                        cs.drawImage(image, (box.getWidth() - w) / 2, (box.getHeight() - h) / 2, w, h);
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            out.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (PDDocument src : sources) {
                try {
                    src.close();
                } catch (IOException ignored) {
                    // nothing to do: the joined file is already written
                }
            }
        }
    }

    /** The PDF's text layer (empty for image-only scans), trimmed, or null when there is none. */
    static String text(PDDocument doc) throws IOException {
        String text = new PDFTextStripper().getText(doc).strip();
        return text.isEmpty() ? null : text;
    }

    static String text(Format format, byte[] bytes) {
        if (format != Format.PDF) return null;
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            return text(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<BufferedImage> tiffFrames(byte[] bytes) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
        if (!readers.hasNext()) throw new IOException("no TIFF reader");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            if (n <= 0) throw new IOException("no pages");
            List<BufferedImage> frames = new ArrayList<>(n);
            for (int i = 0; i < n; i++) frames.add(reader.read(i));
            return frames;
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage scale(BufferedImage image, int width) {
        if (image.getWidth() <= width) return image;
        int height = Math.max(1, Math.round(image.getHeight() * (width / (float) image.getWidth())));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
