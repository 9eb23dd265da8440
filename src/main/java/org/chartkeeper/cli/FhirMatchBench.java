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
import java.util.concurrent.atomic.AtomicLong;
import org.chartkeeper.patient.Demographics;
import org.chartkeeper.patient.match.SyntheticPopulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Patient/$match} latency over HTTP against a running server whose index holds the synthetic population that
 * {@code bench mpi-scan} loaded (same size, rate and seed): the client regenerates that population and asks for
 * randomly chosen registrations of it, as a registration system would.
 */
@Command(name = "fhir-match", description = "Patient/$match latency over HTTP against a running server loaded by bench mpi-scan")
class FhirMatchBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-him", description = "API token of a user with patient.search (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--patients", defaultValue = "1000000", description = "Size of the population bench mpi-scan loaded (default ${DEFAULT-VALUE})") int patients;
    @Option(names = "--duplicate-rate", defaultValue = "0.1", description = "Its duplicate rate (default ${DEFAULT-VALUE})") double rate;
    @Option(names = "--seed", defaultValue = "1", description = "Its seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--queries", defaultValue = "2000", description = "Measured $match calls (default ${DEFAULT-VALUE})") int queries;
    @Option(names = "--warmup", defaultValue = "1000", description = "Unmeasured calls first (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--clients", defaultValue = "1", description = "Concurrent clients (default ${DEFAULT-VALUE})") int clients;

    @Override
    public Integer call() throws Exception {
        String endpoint = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/fhir/Patient/$match";
        long t0 = System.nanoTime();
        List<Demographics> people = new SyntheticPopulation(seed).generate(patients, rate).stream()
                .map(SyntheticPopulation.Registration::demographics).toList();
        System.out.printf("Regenerated %,d registrations in %.1f s%n", people.size(), (System.nanoTime() - t0) / 1e9);
        Random random = new Random(seed + 7);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < warmup; i++) {
            HttpResponse<String> r = post(client, endpoint, parameters(people.get(random.nextInt(people.size()))));
            if (r.statusCode() != 200) {
                System.err.println("$match refused: " + r.statusCode() + " " + r.body().substring(0, Math.min(400, r.body().length())));
                return 1;
            }
        }
        List<String> bodies = new ArrayList<>(queries);
        for (int i = 0; i < queries; i++) bodies.add(parameters(people.get(random.nextInt(people.size()))));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong withCandidates = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    long a = System.nanoTime();
                    try {
                        HttpResponse<String> r = post(client, endpoint, bodies.get(i));
                        latencies.add(System.nanoTime() - a);
                        if (r.statusCode() != 200) failures.incrementAndGet();
                        else if (r.body().contains("\"search\"")) withCandidates.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%,d $match calls in %.1f s (%,.0f/s, %d clients), %,d with candidates, %d failed%n",
                l.length, seconds, l.length / seconds, clients, withCandidates.get(), failures.get());
        System.out.printf("Latency: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                BenchCommands.mean(l) / 1e6, BenchCommands.pct(l, 50) / 1e6, BenchCommands.pct(l, 95) / 1e6,
                BenchCommands.pct(l, 99) / 1e6, l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        return failures.get() == 0 ? 0 : 1;
    }

    private HttpResponse<String> post(HttpClient client, String endpoint, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A Parameters resource with the person as a Patient, count 10. */
    static String parameters(Demographics d) {
        StringBuilder p = new StringBuilder("{\"resourceType\":\"Patient\",\"name\":[{\"family\":").append(json(d.familyName()))
                .append(",\"given\":[").append(json(d.givenName())).append("]}]");
        if (d.sex() != null) p.append(",\"gender\":").append(json(d.sex()));
        if (d.birthDate() != null) p.append(",\"birthDate\":\"").append(d.birthDate()).append('"');
        List<String> telecom = new ArrayList<>();
        if (d.phone() != null) telecom.add("{\"system\":\"phone\",\"value\":" + json(d.phone()) + "}");
        if (d.email() != null) telecom.add("{\"system\":\"email\",\"value\":" + json(d.email()) + "}");
        if (!telecom.isEmpty()) p.append(",\"telecom\":[").append(String.join(",", telecom)).append(']');
        if (d.addressLine() != null || d.city() != null || d.postalCode() != null) {
            p.append(",\"address\":[{");
            List<String> parts = new ArrayList<>();
            if (d.addressLine() != null) parts.add("\"line\":[" + json(d.addressLine()) + "]");
            if (d.city() != null) parts.add("\"city\":" + json(d.city()));
            if (d.state() != null) parts.add("\"state\":" + json(d.state()));
            if (d.postalCode() != null) parts.add("\"postalCode\":" + json(d.postalCode()));
            p.append(String.join(",", parts)).append("}]");
        }
        p.append('}');
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":" + p
                + "},{\"name\":\"count\",\"valueInteger\":10}]}";
    }

    private static String json(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
