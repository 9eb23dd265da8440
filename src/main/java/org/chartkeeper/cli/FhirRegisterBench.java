package org.chartkeeper.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk registration through FHIR: POSTs transaction Bundles of new Patients to a running server and reports patients
 * registered per second. The bundles are built before the clock starts, so the time is the server's (and HTTP's).
 */
@Command(name = "fhir-register", description = "Bulk registration through FHIR transaction bundles against a running server")
class FhirRegisterBench implements Callable<Integer> {

    private static final String[] FAMILY = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
            "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
            "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores"};
    private static final String[] FEMALE = {"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
            "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Emily", "Maria"};
    private static final String[] MALE = {"James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph",
            "Thomas", "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Jose", "Kevin"};
    private static final String[] STREETS = {"Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road",
            "Elm Street", "Washington Boulevard", "Lake Drive", "Hill Road", "Park Avenue"};
    private static final String[][] CITIES = {{"Columbus", "OH", "43004"}, {"Dayton", "OH", "45402"},
            {"Cleveland", "OH", "44101"}, {"Akron", "OH", "44308"}, {"Toledo", "OH", "43601"}, {"Cincinnati", "OH", "45201"}};
    private static final String[] LANGUAGES = {"en", "en", "en", "en", "en", "en", "en", "es", "es", "zh", "vi"};
    private static final String[] RACES = {"2106-3", "2106-3", "2106-3", "2054-5", "2028-9", "2131-1", "ASKU"};

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
    @Option(names = "--token", defaultValue = "demo-him", description = "API token of a user with patient.write (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--patients", defaultValue = "100000", description = "Patients to register (default ${DEFAULT-VALUE})") int patients;
    @Option(names = "--bundle", defaultValue = "1000", description = "Patients per transaction bundle (default ${DEFAULT-VALUE})") int bundleSize;
    @Option(names = "--clients", defaultValue = "2", description = "Concurrent clients posting bundles (default ${DEFAULT-VALUE})") int clients;
    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured warm-up bundles first (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--seed", defaultValue = "42") long seed;

    @Override
    public Integer call() throws Exception {
        String base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/fhir";
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        Random random = new Random(seed);
        System.out.printf("Building %d warm-up and %d measured bundles of %d patients...%n", warmup,
                (patients + bundleSize - 1) / bundleSize, bundleSize);
        List<byte[]> warm = new ArrayList<>();
        for (int b = 0; b < warmup; b++) warm.add(bundle(random, run + "W" + b, bundleSize));
        ConcurrentLinkedQueue<byte[]> work = new ConcurrentLinkedQueue<>();
        long bytes = 0;
        for (int done = 0, b = 0; done < patients; done += bundleSize, b++) {
            byte[] body = bundle(random, run + "B" + b, Math.min(bundleSize, patients - done));
            bytes += body.length;
            work.add(body);
        }
        System.out.printf("Average bundle %,d bytes. Warming up...%n", bytes / work.size());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (byte[] body : warm) {
            HttpResponse<String> r = post(client, base, body);
            if (r.statusCode() != 200) {
                System.err.println("Warm-up bundle refused: " + r.statusCode() + " " + r.body().substring(0, Math.min(500, r.body().length())));
                return 1;
            }
        }
        AtomicLong registered = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] body;
                while ((body = work.poll()) != null) {
                    long a = System.nanoTime();
                    try {
                        HttpResponse<String> r = post(client, base, body);
                        if (r.statusCode() == 200) {
                            registered.addAndGet(count(r.body(), "\"201 Created\""));
                        } else {
                            failures.incrementAndGet();
                            System.err.println("Bundle refused: " + r.statusCode() + " "
                                    + r.body().substring(0, Math.min(300, r.body().length())));
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.err.println("Bundle failed: " + e);
                    }
                    latencies.add(System.nanoTime() - a);
                }
            }));
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("Registered %,d patients in %.1f s = %,.0f patients/s (%d clients, bundles of %d, %d failed)%n",
                registered.get(), seconds, registered.get() / seconds, clients, bundleSize, failures.get());
        System.out.printf("Bundle latency: mean %.0f ms, p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                BenchCommands.mean(l) / 1e6, BenchCommands.pct(l, 50) / 1e6, BenchCommands.pct(l, 95) / 1e6,
                l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        return failures.get() == 0 ? 0 : 1;
    }

    private HttpResponse<String> post(HttpClient client, String base, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String s, String what) {
        long n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    /** A transaction of realistic US Core Patients, each with a feed identifier unique to this run. */
    static byte[] bundle(Random random, String prefix, int n) {
        StringBuilder b = new StringBuilder(n * 900).append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < n; i++) {
            boolean female = random.nextBoolean();
            String given = female ? FEMALE[random.nextInt(FEMALE.length)] : MALE[random.nextInt(MALE.length)];
            String family = FAMILY[random.nextInt(FAMILY.length)];
            String[] city = CITIES[random.nextInt(CITIES.length)];
            LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 90));
            if (i > 0) b.append(',');
            b.append("{\"fullUrl\":\"urn:uuid:").append(new java.util.UUID(random.nextLong(), random.nextLong()))
                    .append("\",\"resource\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:oid:2.16.840.1.113883.3.9999.77\",")
                    .append("\"value\":\"").append(prefix).append('-').append(i).append("\",\"type\":{\"coding\":[{\"system\":")
                    .append("\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"PI\"}]}}],")
                    .append("\"name\":[{\"use\":\"official\",\"family\":\"").append(family).append("\",\"given\":[\"")
                    .append(given).append("\"]}],\"telecom\":[{\"system\":\"phone\",\"value\":\"(")
                    .append(201 + random.nextInt(700)).append(") 555-").append(String.format("%04d", random.nextInt(10000)))
                    .append("\"}],\"gender\":\"").append(female ? "female" : "male").append("\",\"birthDate\":\"")
                    .append(birth).append("\",\"address\":[{\"use\":\"home\",\"line\":[\"").append(1 + random.nextInt(9999))
                    .append(' ').append(STREETS[random.nextInt(STREETS.length)]).append("\"],\"city\":\"").append(city[0])
                    .append("\",\"state\":\"").append(city[1]).append("\",\"postalCode\":\"").append(city[2])
                    .append("\"}],\"communication\":[{\"language\":{\"coding\":[{\"system\":\"urn:ietf:bcp:47\",\"code\":\"")
                    .append(LANGUAGES[random.nextInt(LANGUAGES.length)]).append("\"}]},\"preferred\":true}],")
                    .append("\"extension\":[{\"url\":\"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race\",")
                    .append("\"extension\":[{\"url\":\"ombCategory\",\"valueCoding\":{\"system\":\"urn:oid:2.16.840.1.113883.6.238\",")
                    .append("\"code\":\"").append(RACES[random.nextInt(RACES.length)]).append("\"}}]}]},")
                    .append("\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

}
