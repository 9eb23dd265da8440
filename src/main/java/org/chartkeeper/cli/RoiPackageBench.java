package org.chartkeeper.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A release package of N pages against a running server: files an (N-2)-page outside record to a patient (as the
 * HIM technician), takes in and starts a provider's request (as the ROI specialist), selects the record, marks
 * region redactions on some pages, then times building the package (cover letter, records, redactions burned into
 * rasterized pages, Bates numbers and watermark on every page, invoice; stored by SHA-256) and downloading it.
 */
@Command(name = "roi-package", description = "Build an N-page release package against a running server and time it")
class RoiPackageBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-roi", description = "API token of a user with roi.work (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--filing-token", defaultValue = "demo-him", description = "API token of a user with document.write, to file the record (default ${DEFAULT-VALUE})") String filingToken;
    @Option(names = "--pages", defaultValue = "500", description = "Pages in the package (default ${DEFAULT-VALUE})") int pages;
    @Option(names = "--redacted-pages", defaultValue = "10", description = "Pages with a redacted region (default ${DEFAULT-VALUE})") int redacted;
    @Option(names = "--runs", defaultValue = "5", description = "Builds to time (default ${DEFAULT-VALUE})") int runs;
    @Option(names = "--patient-id", defaultValue = "1", description = "Patient whose record is released (default ${DEFAULT-VALUE})") long patientId;

    private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private HttpClient client;
    private String base;

    @Override
    public Integer call() throws Exception {
        base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int recordPages = Math.max(1, pages - 2); // the cover letter and the invoice make up the rest
        byte[] pdf = ScanBatchBench.pdf(recordPages, "release" + Long.toString(System.nanoTime(), 36));
        System.out.printf("Filing a %d-page outside record (%,d bytes)...%n", recordPages, pdf.length);
        String boundary = "----bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"typeCode\"\r\n\r\noutside-record\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"outside.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> filed = client.send(request(base + "/api/patients/" + patientId + "/documents/uploads",
                        filingToken).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (filed.statusCode() != 201) return fail("filing the record", filed);
        String documentId = id(filed);

        HttpResponse<String> intake = post("/api/roi/requests", "{\"patientId\": " + patientId + ", \"receivedOn\": \""
                + LocalDate.now(ZoneOffset.UTC) + "\", \"channel\": \"fax\", \"requesterType\": \"provider\","
                + " \"requesterName\": \"Benchmark Regional Clinic\", \"purpose\": \"continuing care\", \"format\": \"pdf\","
                + " \"delivery\": \"secure-download\"}");
        if (intake.statusCode() != 201) return fail("intake", intake);
        String requestId = id(intake);
        HttpResponse<String> started = post("/api/roi/requests/" + requestId + "/start", "{\"version\": "
                + version(intake) + "}");
        if (started.statusCode() != 200) return fail("start", started);
        HttpResponse<String> selected = send("PUT", "/api/roi/requests/" + requestId + "/selection", "{\"version\": "
                + fulfillmentVersion(requestId) + ", \"documentIds\": [" + documentId + "]}");
        if (selected.statusCode() != 200) return fail("selection", selected);
        for (int p = 1; p <= Math.min(redacted, recordPages); p++) {
            int page = 1 + (p - 1) * Math.max(1, recordPages / Math.max(1, redacted));
            HttpResponse<String> r = post("/api/roi/requests/" + requestId + "/redactions", "{\"version\": "
                    + fulfillmentVersion(requestId) + ", \"documentId\": " + documentId + ", \"pageNo\": " + page
                    + ", \"x\": 0.05, \"y\": 0.08, \"w\": 0.9, \"h\": 0.1, \"reason\": \"benchmark\"}");
            if (r.statusCode() != 201) return fail("redaction", r);
        }
        double[] build = new double[runs];
        String last = null;
        for (int i = 0; i < runs; i++) {
            String v = fulfillmentVersion(requestId);
            long t0 = System.nanoTime();
            HttpResponse<String> built = post("/api/roi/requests/" + requestId + "/package", "{\"version\": " + v + "}");
            build[i] = (System.nanoTime() - t0) / 1e9;
            if (built.statusCode() != 201) return fail("build", built);
            last = built.body();
            System.out.printf("  build %d: %.2f s%n", i + 1, build[i]);
        }
        long t0 = System.nanoTime();
        HttpResponse<byte[]> download = client.send(request(base + "/api/roi/requests/" + requestId + "/package.pdf", token)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        double downloadSeconds = (System.nanoTime() - t0) / 1e9;
        if (download.statusCode() != 200) {
            System.err.println("download failed: " + download.statusCode());
            return 1;
        }
        double[] sorted = build.clone();
        Arrays.sort(sorted);
        System.out.println("Package: " + field(last, "pageCount") + " pages (" + field(last, "recordPages")
                + " record pages, " + redacted + " with a redacted region), " + String.format("%,d", download.body().length)
                + " bytes, Bates " + field(last, "batesFirst") + " to " + field(last, "batesLast"));
        System.out.printf("Build (read and verify the record, burn %d redactions, cover, invoice, Bates and watermark on"
                        + " every page, store by SHA-256): best %.2f s, median %.2f s, worst %.2f s over %d runs%n",
                redacted, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1], runs);
        System.out.printf("Download (verified against its SHA-256, audited): %.2f s%n", downloadSeconds);
        return 0;
    }

    private String fulfillmentVersion(String requestId) throws Exception {
        HttpResponse<String> f = client.send(request(base + "/api/roi/requests/" + requestId + "/fulfillment", token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"stage\":\"[^\"]*\",\"version\":(\\d+)").matcher(f.body());
        if (!m.find()) throw new IllegalStateException("no fulfillment version: " + f.statusCode());
        return m.group(1);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return client.send(request(base + path, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String uri, String bearer) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
    }

    private static String id(HttpResponse<String> r) {
        Matcher m = ID.matcher(r.body());
        if (!m.find()) throw new IllegalStateException("no id in " + r.body());
        return m.group(1);
    }

    private static String version(HttpResponse<String> r) {
        Matcher m = VERSION.matcher(r.body());
        String v = "0";
        while (m.find()) v = m.group(1); // the request's own version is its last "version"
        return v;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : "?";
    }

    private static int fail(String step, HttpResponse<String> r) {
        System.err.println(step + " failed: " + r.statusCode() + " " + r.body().substring(0, Math.min(500, r.body().length())));
        return 1;
    }
}
