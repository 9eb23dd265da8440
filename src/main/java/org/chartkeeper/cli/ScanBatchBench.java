package org.chartkeeper.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A scanned batch end to end against a running server: uploads an N-page PDF (each page with a text layer), which
 * the server checks, splits into pages and stores by SHA-256; indexes it as one document; files it (the pages joined
 * into one PDF, text extracted for search); then searches the chart for words on the last page. Times each step.
 */
@Command(name = "scan-batch", description = "Upload, index and file an N-page scanned batch against a running server")
class ScanBatchBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-him", description = "API token of a user with document.index (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--pages", defaultValue = "200", description = "Pages in the batch (default ${DEFAULT-VALUE})") int pages;
    @Option(names = "--patient-id", defaultValue = "1", description = "Patient the batch is filed to (default ${DEFAULT-VALUE})") long patientId;

    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

    @Override
    public Integer call() throws Exception {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String marker = "marker" + Long.toString(System.nanoTime(), 36);
        byte[] pdf = pdf(pages, marker);
        System.out.printf("Built a %d-page PDF of %,d bytes.%n", pages, pdf.length);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String boundary = "----bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"bench.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        HttpResponse<String> up = client.send(request(base + "/api/scan-batches/uploads")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (up.statusCode() != 201) return fail("upload", up);
        Matcher m = ID.matcher(up.body());
        if (!m.find()) return fail("upload", up);
        String batch = m.group(1);
        HttpResponse<String> indexed = client.send(request(base + "/api/scan-batches/" + batch + "/documents/1")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"patientId\":"
                        + patientId + ",\"typeCode\":\"outside-record\",\"serviceDate\":\"2024-01-15\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long t2 = System.nanoTime();
        if (indexed.statusCode() != 200) return fail("indexing", indexed);
        HttpResponse<String> filed = client.send(request(base + "/api/scan-batches/" + batch + "/file")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"version\":0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long t3 = System.nanoTime();
        if (filed.statusCode() != 200) return fail("filing", filed);
        HttpResponse<String> found = client.send(request(base + "/api/patients/" + patientId + "/documents/search")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"" + marker + " page " + pages + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long t4 = System.nanoTime();
        if (found.statusCode() != 200 || !found.body().contains("\"source\":\"scan\"")) return fail("search", found);
        System.out.printf("Upload (check, split into %d pages, store each by SHA-256): %.2f s%n", pages, (t1 - t0) / 1e9);
        System.out.printf("Index one document to a patient: %.2f s%n", (t2 - t1) / 1e9);
        System.out.printf("File (join %d pages into one PDF, store, index its text): %.2f s%n", pages, (t3 - t2) / 1e9);
        System.out.printf("Full-text search finding the last page's words: %.3f s%n", (t4 - t3) / 1e9);
        System.out.printf("Total: %.2f s for %d pages (%.1f pages/s)%n", (t4 - t0) / 1e9, pages, pages / ((t4 - t0) / 1e9));
        return 0;
    }

    private HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private static int fail(String step, HttpResponse<String> r) {
        System.err.println(step + " failed: " + r.statusCode() + " " + r.body().substring(0, Math.min(500, r.body().length())));
        return 1;
    }

    static byte[] pdf(int pages, String marker) throws java.io.IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.setLeading(14);
                    cs.newLineAtOffset(60, 720);
                    cs.showText(marker + " page " + i);
                    cs.newLine();
                    for (int l = 0; l < 40; l++) {
                        cs.showText("Outside record line " + l + ": seen for follow-up; vitals stable; plan unchanged.");
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
