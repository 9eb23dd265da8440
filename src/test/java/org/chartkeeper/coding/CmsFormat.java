package org.chartkeeper.coding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small code-set files written in the CMS order-file layout, zipped as CMS ships them, for tests. */
final class CmsFormat {

    private final StringBuilder lines = new StringBuilder();
    private int order;

    CmsFormat header(String code, String title) {
        return line(code, '0', title);
    }

    CmsFormat code(String code, String title) {
        return line(code, '1', title);
    }

    private CmsFormat line(String code, char flag, String title) {
        String shortTitle = title.length() > 60 ? title.substring(0, 60) : title;
        lines.append(String.format("%05d %-7s %c %-60s %s\r\n", ++order, code, flag, shortTitle, title));
        return this;
    }

    byte[] text() {
        return lines.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A zip holding the order file under CMS's name, with a layout PDF beside it as in the real download. */
    byte[] zip(String entryName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("icd10OrderFiles.pdf"));
            zip.write("%PDF-1.4 layout".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(text());
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
