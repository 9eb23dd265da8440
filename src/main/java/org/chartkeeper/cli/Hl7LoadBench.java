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

    @Option(names = "--host", defaultValue = "localhost", description = "Server host (default ${DEFAULT-VALUE})") String host;
    @Option(names = "--port", defaultValue = "2575", description = "MLLP port (default ${DEFAULT-VALUE})") int port;
    @Option(names = "--connections", defaultValue = "1", description = "Concurrent connections (default ${DEFAULT-VALUE})") int connections;
    @Option(names = "--messages", defaultValue = "10000", description = "Messages in all, measured (default ${DEFAULT-VALUE})") int messages;
    @Option(names = "--warmup", defaultValue = "400", description = "Unmeasured messages first, per connection (default ${DEFAULT-VALUE})") int warmup;

    @Override
    public Integer call() throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailure = new ArrayList<>();
        // warm-up: the server's code paths compiled, its pools filled
        runAll(run + "W", warmup, failures, firstFailure, null);
        failures.set(0);
        int perConnection = Math.max(4, messages / connections);
        long[][] latencies = new long[connections][perConnection];
        long start = System.nanoTime();
        runAll(run + "M", perConnection, failures, firstFailure, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        int total = all.length;
        System.out.printf("%,d ADT messages over %d connection(s) in %.2f s: %,.0f messages/s; %d not AA%n", total,
                connections, seconds, total / seconds, failures.get());
        System.out.printf("ACK latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(all, 50) / 1e6,
                pct(all, 95) / 1e6, pct(all, 99) / 1e6, all[total - 1] / 1e6);
        if (!firstFailure.isEmpty()) System.out.println("First answer that was not AA: " + firstFailure.getFirst().replace('\r', '\n'));
        return failures.get() == 0 ? 0 : 1;
    }

    private void runAll(String run, int perConnection, AtomicInteger failures, List<String> firstFailure,
                        long[][] latencies) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            final int conn = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (MllpClient client = new MllpClient(host, port, 60_000)) {
                    for (int i = 0; i < perConnection; i++) {
                        byte[] m = message(run + "C" + conn, i).getBytes(StandardCharsets.UTF_8);
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

    /** Message i of a connection: patient i/4, event A01, A08, A02, A03 in turn. */
    static String message(String prefix, int i) {
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
        int h = Math.floorMod((prefix + patient).hashCode(), 1_000_000);
        String family = FAMILY[h % FAMILY.length] + (char) ('a' + h % 26) + (char) ('a' + (h / 26) % 26);
        String given = GIVEN[(h / 7) % GIVEN.length];
        String birth = String.format("%04d%02d%02d", 1930 + h % 80, 1 + (h / 80) % 12, 1 + (h / 960) % 28);
        String street = (100 + h % 900) + " " + (i % 4 == 1 ? "Oak Avenue" : "Main Street");
        String location = i % 4 >= 2 ? "ICU^" + (1 + h % 20) + "^A^MERCY" : "4E^" + (100 + h % 50) + "^B^MERCY";
        String discharge = i % 4 == 3 ? "20260112090000" : "";
        return "MSH|^~\\&|LOADGEN|MERCY^2.16.840.1.999.42^ISO|CHARTKEEPER|CK|20260110101500||ADT^" + event + "^ADT_A01|"
                + prefix + "M" + i + "|P|2.5.1\r"
                + "EVN|" + event + "|20260110101500\r"
                + "PID|1||" + mrn + "^^^MERCY&2.16.840.1.999.42&ISO^MR||" + family + "^" + given + "||" + birth + "|"
                + (h % 2 == 0 ? "F" : "M") + "|||" + street + "^^Columbus^OH^43215^USA^H||^PRN^PH^^^614^555" + String.format("%04d", h % 10000)
                + "|||||" + account + "\r"
                + "PV1|1|I|" + location + "||||1234567893^Okafor^Ngozi^^^^^^NPI|||MED|||||||||" + account
                + "|||||||||||||||||||||||||20260110100000|" + discharge + "\r";
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
