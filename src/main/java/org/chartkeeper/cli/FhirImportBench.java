package org.chartkeeper.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Synthea bundle import through {@code POST /fhir} against a running server: the practitioner and hospital bundles
 * first, then every patient bundle of the directory from {@code --clients} threads; reports resources (bundle
 * entries) per second. Generate the bundles with {@code bin/synthea <dir> <patients>}.
 */
@Command(name = "fhir-import", description = "Synthea bundle import through POST /fhir against a running server")
class FhirImportBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-him", description = "API token of a user with patient.write (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--dir", required = true, description = "Synthea's fhir output directory") Path dir;
    @Option(names = "--clients", defaultValue = "2", description = "Concurrent clients (default ${DEFAULT-VALUE})") int clients;
    @Option(names = "--warmup", description = "Another Synthea output directory (other patients) imported first, untimed,"
            + " so that the timed import does not measure the server's JIT compiling") Path warmup;

    @Override
    public Integer call() throws Exception {
        String base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/fhir";
        List<Path> shared = new ArrayList<>();
        List<Path> patients = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                (p.getFileName().toString().matches("(hospital|practitioner)Information.*") ? shared : patients).add(p);
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (warmup != null) {
            try (Stream<Path> files = Files.list(warmup)) {
                int n = 0;
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    if (post(client, base, Files.readString(p)).statusCode() == 200) n++;
                }
                System.out.printf("Warm-up: %d bundles of %s imported, not timed%n", n, warmup);
            }
        }
        for (Path p : shared) {
            HttpResponse<String> r = post(client, base, Files.readString(p));
            if (r.statusCode() != 200) {
                System.err.println(p.getFileName() + " refused: " + r.statusCode());
                return 1;
            }
        }
        ConcurrentLinkedQueue<String> work = new ConcurrentLinkedQueue<>();
        long entries = 0;
        for (Path p : patients) {
            String body = Files.readString(p);
            entries += count(body, "\"request\"");
            work.add(body);
        }
        System.out.printf("%d patient bundles, %,d entries%n", patients.size(), entries);
        AtomicInteger failures = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                String body;
                while ((body = work.poll()) != null) {
                    long a = System.nanoTime();
                    try {
                        HttpResponse<String> r = post(client, base, body);
                        latencies.add(System.nanoTime() - a);
                        if (r.statusCode() == 200) stored.addAndGet(count(r.body(), "\"201 Created\""));
                        else failures.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("Imported %d bundles, %,d entries (%,d stored, the rest answered as not kept) in %.1f s:"
                        + " %,.0f resources stored/s, %,.0f entries answered/s (%d clients, %d failed)%n", l.length,
                entries, stored.get(), seconds, stored.get() / seconds, entries / seconds, clients, failures.get());
        System.out.printf("Bundle latency: mean %.0f ms, p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                BenchCommands.mean(l) / 1e6, BenchCommands.pct(l, 50) / 1e6, BenchCommands.pct(l, 95) / 1e6,
                l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        return failures.get() == 0 ? 0 : 1;
    }

    private HttpResponse<String> post(HttpClient client, String base, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String s, String what) {
        long n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
