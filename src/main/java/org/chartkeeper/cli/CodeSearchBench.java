package org.chartkeeper.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.chartkeeper.coding.CodeSearchWorkload;
import org.chartkeeper.coding.CodeSetService;
import org.chartkeeper.coding.CodeSystem;
import org.chartkeeper.coding.CodeSetVersion;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Code search latency as a coder types: every keystroke of a fixed set of terms is one query. In-process (the
 * service call, against the configured database's code sets) or, with {@code --url}, over HTTP against a running
 * server's {@code /api/codes/search}.
 */
@Command(name = "code-search", description = "Time code search as a coder types (in-process, or over HTTP with --url)")
class CodeSearchBench implements Callable<Integer> {

    @Autowired(required = false) CodeSetService codes;
    @Option(names = "--import", description = "Import these code-set files first (no change if already imported)") List<Path> files;
    @Option(names = "--date", description = "Date searched (default: the newest imported ICD-10-CM version's last day)") LocalDate date;
    @Option(names = "--system", description = "One code system (default: all systems at once)") String system;
    @Option(names = "--rounds", defaultValue = "20", description = "Measured passes over the workload (default ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured passes first (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--url", description = "Server base URL: measure over HTTP instead") String url;
    @Option(names = "--token", defaultValue = "demo-coder", description = "API token for --url (default ${DEFAULT-VALUE})") String token;
    @Option(names = "--clients", defaultValue = "4", description = "Concurrent HTTP clients for --url (default ${DEFAULT-VALUE})") int clients;

    @Override
    public Integer call() throws Exception {
        List<String> queries = CodeSearchWorkload.keystrokes();
        return url != null ? http(queries) : inProcess(queries);
    }

    private int inProcess(List<String> queries) throws Exception {
        if (files != null && !files.isEmpty()) {
            List<CodeSetService.Upload> uploads = new ArrayList<>();
            for (Path p : files) uploads.add(new CodeSetService.Upload(p.getFileName().toString(), Files.readAllBytes(p)));
            long t0 = System.nanoTime();
            codes.importFiles(uploads, null, UserCommands.cliActor())
                    .forEach(r -> System.out.println((r.imported() ? "Imported " : "Already imported ") + r.version().label()));
            System.out.printf("Import: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        CodeSystem only = system == null ? null : CodeSystem.parse(system).orElseThrow(() ->
                new IllegalArgumentException("Unknown code system " + system));
        LocalDate on = date != null ? date : codes.versions().stream().filter(v -> v.system() == CodeSystem.ICD10CM && !v.demo())
                .map(CodeSetVersion::effectiveTo).max(LocalDate::compareTo).orElse(LocalDate.now());
        long t0 = System.nanoTime();
        var first = codes.search("a", only, on, 20);
        System.out.printf("Versions searched on %s: %s (first search, building indexes: %.0f ms)%n", on, first.versions(),
                (System.nanoTime() - t0) / 1e6);
        for (int i = 0; i < warmup; i++) for (String q : queries) codes.search(q, only, on, 20);
        long[] t = new long[queries.size() * rounds];
        int k = 0;
        long results = 0;
        for (int r = 0; r < rounds; r++) {
            for (String q : queries) {
                long a = System.nanoTime();
                results += codes.search(q, only, on, 20).results().size();
                t[k++] = System.nanoTime() - a;
            }
        }
        System.out.printf("%,d searches (%d keystroke queries x %d rounds, limit 20, %.1f results on average)%n",
                t.length, queries.size(), rounds, results / (double) t.length);
        report(t);
        // the queries that cost most even at their best (their fastest round: the work, without scheduling noise)
        long[] best = new long[queries.size()];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int i = 0; i < t.length; i++) best[i % queries.size()] = Math.min(best[i % queries.size()], t[i]);
        Integer[] order = new Integer[best.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(best[b], best[a]));
        StringBuilder slow = new StringBuilder("costliest queries (fastest of their rounds):");
        for (int i = 0; i < Math.min(5, order.length); i++) {
            slow.append(String.format(" '%s' %.3f ms;", queries.get(order[i]), best[order[i]] / 1e6));
        }
        System.out.println(slow);
        return 0;
    }

    private int http(List<String> queries) throws Exception {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String suffix = (system == null ? "" : "&system=" + system) + (date == null ? "" : "&date=" + date);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean measure = pass == 1;
            int passes = measure ? rounds : warmup;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int offset = c;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int r = 0; r < passes; r++) {
                        for (int i = offset; i < queries.size(); i += clients) {
                            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/codes/search?q="
                                            + URLEncoder.encode(queries.get(i), StandardCharsets.UTF_8) + suffix))
                                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
                            long a = System.nanoTime();
                            int status;
                            try {
                                status = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                            } catch (Exception e) {
                                status = -1;
                            }
                            if (measure) {
                                latencies.add(System.nanoTime() - a);
                                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Thread th : threads) th.join();
        }
        System.out.printf("%,d HTTP searches with %d concurrent clients; status counts %s%n", latencies.size(), clients,
                new TreeMap<>(statuses));
        report(latencies.stream().mapToLong(Long::longValue).toArray());
        return statuses.keySet().stream().allMatch(s -> s == 200) ? 0 : 1;
    }

    private static void report(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        System.out.printf("latency: mean %.3f ms, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms%n", mean / 1e6,
                pct(s, 50) / 1e6, pct(s, 95) / 1e6, pct(s, 99) / 1e6, s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
