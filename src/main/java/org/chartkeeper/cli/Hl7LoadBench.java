package org.chartkeeper.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.chartkeeper.interop.hl7v2.MllpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load on a running server's MLLP listener over real sockets: each connection sends its own patients' ADT stories
 * (A01 admission of a new patient, A08 update, A02 transfer, A03 discharge), one message at a time, waiting for each
 * acknowledgement; reports messages per second and the acknowledgement latency percentiles.
 */
@Command(name = "hl7-load", description = "Send ADT messages over MLLP to a running server and time the acknowledgements")
class Hl7LoadBench implements Callable<Integer> {

    private static final String[] FAMILY = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore"};
    private static final String[] GIVEN = {"Mary", "Patricia", "Jennifer", "Linda", "James", "Robert", "John", "Michael",
            "David", "William", "Susan", "Jessica", "Sarah", "Karen", "Daniel", "Matthew", "Anthony", "Mark"};
    private static final String[] STREET = {"Main Street", "High Street", "Broad Street", "Maple Avenue", "Elm Street",
            "Park Road", "Cedar Lane", "Lake Drive", "Hill Road", "Church Street", "Walnut Street", "River Road"};

    @Option(names = "--host", defaultValue = "localhost", description = "Server host (default ${DEFAULT-VALUE})") String host;
    @Option(names = "--port", defaultValue = "2575", description = "MLLP port (default ${DEFAULT-VALUE})") int port;
    @Option(names = "--connections", defaultValue = "1", description = "Concurrent connections (default ${DEFAULT-VALUE})") int connections;
    @Option(names = "--messages", defaultValue = "10000", description = "Messages in all, measured (default ${DEFAULT-VALUE})") int messages;
    @Option(names = "--warmup", defaultValue = "400", description = "Unmeasured messages first, per connection (default ${DEFAULT-VALUE})") int warmup;

    private org.chartkeeper.patient.Demographics[][] people;

    @Override
    public Integer call() throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        int perConnection = Math.max(4, messages / connections);
        // distinct people for every connection's warm-up and measured stories, drawn before the clock starts
        int storiesPerConnection = (Math.max(warmup, perConnection) + 3) / 4;
        java.time.LocalDate today = java.time.LocalDate.now();
        var population = new org.chartkeeper.patient.match.SyntheticPopulation(System.nanoTime())
                .generate(storiesPerConnection * connections * 3, 0.0).stream()
                .filter(r -> r.demographics().birthDate().isBefore(today)) // a household's newborn may be "born" later
                .limit((long) storiesPerConnection * connections * 2).toList();
        people = new org.chartkeeper.patient.Demographics[connections * 2][storiesPerConnection];
        for (int k = 0; k < population.size(); k++) {
            people[k / storiesPerConnection][k % storiesPerConnection] = population.get(k).demographics();
        }
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailure = new ArrayList<>();
        // warm-up: the server's code paths compiled, its pools filled
        runAll(run + "W", warmup, failures, firstFailure, null, 0);
        failures.set(0);
        long[][] latencies = new long[connections][perConnection];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        runAll(run + "M", perConnection, failures, firstFailure, latencies, connections);
        double seconds = (System.nanoTime() - start) / 1e9;
        double clientCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        int total = all.length;
        System.out.printf("%,d ADT messages over %d connection(s) in %.2f s: %,.0f messages/s; %d not AA%n", total,
                connections, seconds, total / seconds, failures.get());
        System.out.printf("ACK latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(all, 50) / 1e6,
                pct(all, 95) / 1e6, pct(all, 99) / 1e6, all[total - 1] / 1e6);
        System.out.printf("This client used %.2f s of CPU in the measured part (%.0f%% of one core)%n", clientCpu,
                100 * clientCpu / seconds);
        if (!firstFailure.isEmpty()) System.out.println("First answer that was not AA: " + firstFailure.getFirst().replace('\r', '\n'));
        return failures.get() == 0 ? 0 : 1;
    }

    private void runAll(String run, int perConnection, AtomicInteger failures, List<String> firstFailure,
                        long[][] latencies, int peopleOffset) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            final int conn = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (MllpClient client = new MllpClient(host, port, 60_000)) {
                    for (int i = 0; i < perConnection; i++) {
                        byte[] m = message(run + "C" + conn, i, people[peopleOffset + conn][i / 4]).getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        String ack = client.send(m);
                        long t = System.nanoTime() - t0;
                        if (latencies != null) latencies[conn][i] = t;
                        if (!ack.contains("\rMSA|AA|")) {
                            failures.incrementAndGet();
                            synchronized (firstFailure) {
                                if (firstFailure.isEmpty()) firstFailure.add(ack);
                            }
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    synchronized (firstFailure) {
                        if (firstFailure.isEmpty()) firstFailure.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
    }

    /**
     * Message i of a connection: patient i/4, event A01, A08, A02, A03 in turn, the person drawn from the patient's own
     * random stream (each field independently, so that two load patients are as alike as two strangers). The crash
     * test uses it; the benchmark draws its people from the synthetic population.
     */
    static String message(String prefix, int i) {
        java.util.SplittableRandom r = new java.util.SplittableRandom((prefix + "P" + (i / 4)).hashCode() * 0x9E3779B97F4A7C15L);
        String family = FAMILY[r.nextInt(FAMILY.length)] + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26))
                + (char) ('a' + r.nextInt(26));
        var person = new org.chartkeeper.patient.Demographics(family, GIVEN[r.nextInt(GIVEN.length)], null,
                java.time.LocalDate.of(1930 + r.nextInt(90), 1 + r.nextInt(12), 1 + r.nextInt(28)),
                r.nextBoolean() ? "female" : "male", (100 + r.nextInt(9900)) + " " + STREET[r.nextInt(STREET.length)],
                "Columbus", "OH", "43215", String.format("614%07d", r.nextInt(10_000_000)), null, null, List.of());
        return message(prefix, i, person);
    }

    /**
     * Message i of a connection for a person of the synthetic population (the MPI benchmarks' generator: names from
     * frequency lists, addresses, phones, households and twins as a hospital sees them, no repeat registrations).
     */
    static String message(String prefix, int i, org.chartkeeper.patient.Demographics person) {
        int patient = i / 4;
        String mrn = prefix + "P" + patient;
        String account = (prefix + "V" + patient);
        if (account.length() > 20) account = account.substring(account.length() - 20);
        String event = switch (i % 4) {
            case 0 -> "A01";
            case 1 -> "A08";
            case 2 -> "A02";
            default -> "A03";
        };
        int bed = Math.floorMod(mrn.hashCode(), 50);
        String location = i % 4 >= 2 ? "ICU^" + (1 + bed % 20) + "^A^MERCY" : "4E^" + (100 + bed) + "^B^MERCY";
        String discharge = i % 4 == 3 ? "20260112090000" : "";
        // the A08 brings a new address (a move within the city)
        String street = i % 4 == 1 ? (person.addressLine().length() % 97 + 2) + " Oak Avenue" : person.addressLine();
        String digits = person.phone() == null ? "" : person.phone().replaceAll("\\D", "");
        String phone = digits.length() == 10 ? "^PRN^PH^^^" + digits.substring(0, 3) + "^" + digits.substring(3) : "";
        String middle = person.middleName() == null ? "" : "^" + esc(person.middleName());
        return "MSH|^~\\&|LOADGEN|MERCY^2.16.840.1.999.42^ISO|CHARTKEEPER|CK|20260110101500||ADT^" + event + "^ADT_A01|"
                + prefix + "M" + i + "|P|2.5.1\r"
                + "EVN|" + event + "|20260110101500\r"
                + "PID|1||" + mrn + "^^^MERCY&2.16.840.1.999.42&ISO^MR||" + esc(person.familyName()) + "^"
                + esc(person.givenName()) + middle + "||" + person.birthDate().toString().replace("-", "") + "|"
                + ("female".equals(person.sex()) ? "F" : "M") + "|||" + esc(street) + "^^" + esc(person.city()) + "^"
                + person.state() + "^" + person.postalCode() + "^USA^H||" + phone + "|||||" + account + "\r"
                + "PV1|1|I|" + location + "||||1234567893^Okafor^Ngozi^^^^^^NPI|||MED|||||||||" + account
                + "|||||||||||||||||||||||||20260110100000|" + discharge + "\r";
    }

    /** Faker's names and streets may hold an apostrophe or a hyphen, never HL7 delimiters; strip any to be safe. */
    private static String esc(String s) {
        return s == null ? "" : s.replaceAll("[|^~\\\\&\\r\\n]", " ");
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
