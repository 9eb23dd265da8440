package org.chartkeeper.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code GET /fhir/Patient/{id}} latency over HTTP against a running server: random ids between {@code --min-id} and
 * {@code --max-id} (each read is an audited chart view, committed before the answer).
 */
@Command(name = "fhir-read", description = "Patient read latency over HTTP against a running server")
class FhirReadBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-him", description = "API token of a user with patient.read (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--min-id", defaultValue = "1") long minId;
    @Option(names = "--max-id", defaultValue = "5000", description = "Patient ids to read from (default 1 to ${DEFAULT-VALUE})") long maxId;
    @Option(names = "--reads", defaultValue = "5000", description = "Measured reads (default ${DEFAULT-VALUE})") int reads;
    @Option(names = "--warmup", defaultValue = "2000", description = "Unmeasured reads first (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--clients", defaultValue = "1", description = "Concurrent clients (default ${DEFAULT-VALUE})") int clients;
    @Option(names = "--seed", defaultValue = "3") long seed;

    @Override
    public Integer call() throws Exception {
        String base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/fhir/Patient/";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(seed);
        long span = maxId - minId + 1;
        for (int i = 0; i < warmup; i++) get(client, base + (minId + Math.floorMod(random.nextLong(), span)));
        List<Long> ids = new ArrayList<>(reads);
        for (int i = 0; i < reads; i++) ids.add(minId + Math.floorMod(random.nextLong(), span));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger notOk = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < ids.size()) {
                    long a = System.nanoTime();
                    try {
                        int status = get(client, base + ids.get(i));
                        latencies.add(System.nanoTime() - a);
                        if (status != 200) notOk.incrementAndGet();
                    } catch (Exception e) {
                        notOk.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%,d Patient reads in %.1f s (%,.0f/s, %d clients), %d not 200 (merged, restricted or absent ids)%n",
                l.length, seconds, l.length / seconds, clients, notOk.get());
        System.out.printf("Latency: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                BenchCommands.mean(l) / 1e6, BenchCommands.pct(l, 50) / 1e6, BenchCommands.pct(l, 95) / 1e6,
                BenchCommands.pct(l, 99) / 1e6, l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        return 0;
    }

    private int get(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
