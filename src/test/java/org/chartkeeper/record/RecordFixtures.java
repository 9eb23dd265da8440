package org.chartkeeper.record;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Files and people the record tests need: PDFs with text, TIFFs, a physician's patients, a resident. */
final class RecordFixtures {

    private RecordFixtures() {}

    /** A PDF with one page per text. */
    static byte[] pdf(String... pages) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 14);
                    cs.newLineAtOffset(72, 700);
                    cs.showText(text);
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage image(String label) {
        BufferedImage img = new BufferedImage(400, 520, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 520);
        g.setColor(Color.BLACK);
        g.drawString(label, 30, 40);
        g.dispose();
        return img;
    }

    static byte[] png(String label) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image(label), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multi-page TIFF. */
    static byte[] tiff(String... pages) {
        try {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
            ImageWriter writer = writers.next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (String p : pages) writer.writeToSequence(new IIOImage(image(p), null, null), null);
                writer.endWriteSequence();
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a Windows executable starts with. */
    static byte[] exe() {
        byte[] b = new byte[512];
        b[0] = 'M';
        b[1] = 'Z';
        for (int i = 2; i < b.length; i++) b[i] = (byte) (i * 7);
        return b;
    }

    record CareEncounter(long patientId, long encounterId) {}

    /** An encounter of an unrestricted patient whose attending physician is this user. */
    static CareEncounter inCareOf(JdbcClient jdbc, String username) {
        return jdbc.sql("select e.patient_id, e.id from encounter e join provider p on p.id = e.attending_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = e.patient_id"
                        + " where u.username = ? and not pt.restricted order by e.id limit 1")
                .param(username).query((rs, n) -> new CareEncounter(rs.getLong(1), rs.getLong(2))).single();
    }

    /** An unrestricted patient this user is not attending for on any encounter. */
    static long notInCareOf(JdbcClient jdbc, String username) {
        return jdbc.sql("select min(pt.id) from patient pt where not pt.restricted and not exists (select 1 from encounter e"
                        + " join provider p on p.id = e.attending_provider_id join app_user u on u.id = p.user_id"
                        + " where e.patient_id = pt.id and u.username = ?)")
                .param(username).query(Long.class).single();
    }
}
