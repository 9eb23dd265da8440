package org.chartkeeper.cli;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.ChainVerifier;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.audit.SyntheticAuditLoad;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks anyone can rerun; BENCHMARKS.md lists the commands, goals and measured results. */
@Command(name = "bench", description = "Performance benchmarks (see BENCHMARKS.md)",
        subcommands = {Hl7LoadBench.class, BenchCommands.AuditChain.class, BenchCommands.AuditOverhead.class, BenchCommands.ChartLoad.class,
                BenchCommands.MpiScan.class, FhirRegisterBench.class, FhirMatchBench.class,
                FhirReadBench.class, FhirImportBench.class, ScanBatchBench.class,
                BenchCommands.DisclosureAccountingBench.class, CodeSearchBench.class, DeficiencyPassBench.class,
                QueryReportBench.class, RoiPackageBench.class})
class BenchCommands {

    /** Subcommands that talk to a running server over HTTP and need no database of their own. */
    static boolean needsNoDatabase(List<String> args) {
        return args.size() >= 2 && args.get(0).equals("bench")
                && (args.get(1).equals("chart-load") || args.get(1).equals("fhir-register")
                || args.get(1).equals("fhir-match") || args.get(1).equals("fhir-read")
                || args.get(1).equals("fhir-import") || args.get(1).equals("scan-batch") || args.get(1).equals("roi-package")
                || args.get(1).equals("code-search") && args.stream().anyMatch(a -> a.equals("--url") || a.startsWith("--url=")));
    }

    @Command(name = "disclosure-accounting", description = "Load N synthetic disclosures, then time patients' accountings of disclosures")
    static class DisclosureAccountingBench implements Callable<Integer> {
        @Autowired org.chartkeeper.disclosure.SyntheticDisclosureLoad load;
        @Autowired org.chartkeeper.disclosure.DisclosureService disclosures;
        @Autowired UserService users;
        @Autowired PatientService patients;
        @Option(names = "--disclosures", defaultValue = "10000000", description = "Disclosures to load first (default ${DEFAULT-VALUE}; 0 to only measure)") long count;
        @Option(names = "--requests", defaultValue = "500", description = "Measured accountings (default ${DEFAULT-VALUE})") int requests;
        @Option(names = "--username", defaultValue = "roi", description = "User to act as (default ${DEFAULT-VALUE})") String username;

        @Override
        public Integer call() {
            var account = users.findByUsername(username);
            long patientCount = patients.count();
            if (account.isEmpty() || patientCount == 0) {
                System.err.println("Needs the user '" + username + "' and some patients: run against a demo database "
                        + "(the embedded default, or add --chartkeeper.demo=true)");
                return 2;
            }
            if (count > 0) {
                long t0 = System.nanoTime();
                long step = Math.max(1, count / 10);
                AtomicLong nextReport = new AtomicLong(step);
                load.append(count, patientCount, done -> {
                    if (done >= nextReport.get() || done == count) {
                        nextReport.addAndGet(step);
                        double s = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("  loaded %,d disclosures (%.0f s, %,.0f rows/s)%n", done, s, done / s);
                    }
                });
            }
            CurrentUser user = users.currentUser(account.get().id(), null).orElseThrow();
            SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
            try {
                long[] t = new long[requests];
                long rows = 0;
                int done = 0;
                for (int i = 0; i < requests + 50; i++) {
                    long patientId = 1 + ThreadLocalRandom.current().nextLong(patientCount);
                    long s0 = System.nanoTime();
                    org.chartkeeper.disclosure.DisclosureAccounting a;
                    try {
                        a = disclosures.accounting(patientId, null);
                    } catch (RuntimeException refused) {
                        continue; // a restricted chart: refused by the gate, not an accounting
                    }
                    long nanos = System.nanoTime() - s0;
                    if (i >= 50 && done < requests) {
                        t[done++] = nanos;
                        rows += a.disclosures() + a.exempted() + a.suspended();
                    }
                }
                long[] measured = Arrays.copyOf(t, done);
                Arrays.sort(measured);
                System.out.printf("%,d accountings (after 50 warm-up), %,d patients; %,.0f disclosures in each 6-year window on average%n",
                        done, patientCount, done == 0 ? 0.0 : (double) rows / done);
                System.out.printf("accounting (audited, 6 years, summarized): mean %.1f ms, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        Arrays.stream(measured).average().orElse(0) / 1e6, pct(measured, 50) / 1e6,
                        pct(measured, 95) / 1e6, pct(measured, 99) / 1e6,
                        measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6);
                return 0;
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    @Command(name = "audit-chain", description = "Append N synthetic events to the chain, then time a full verification")
    static class AuditChain implements Callable<Integer> {
        @Autowired SyntheticAuditLoad load;
        @Autowired ChainVerifier verifier;
        @Option(names = "--events", defaultValue = "1000000", description = "Events to append first (default ${DEFAULT-VALUE}; 0 to only verify)") long events;
        @Option(names = "--threads", description = "Parallel readers (default: number of cores)") Integer threads;
        @Option(names = "--runs", defaultValue = "1", description = "Verification runs (default ${DEFAULT-VALUE})") int runs;

        @Override
        public Integer call() {
            if (events > 0) {
                long t0 = System.nanoTime();
                long step = Math.max(1, events / 10);
                AtomicLong nextReport = new AtomicLong(step);
                load.append(events, done -> {
                    if (done >= nextReport.get() || done == events) {
                        nextReport.addAndGet(step);
                        double s = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("  appended %,d events (%.0f s, %,.0f events/s)%n", done, s, done / s);
                    }
                });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("Appended %,d events in %.1f s (%,.0f events/s)%n", events, s, events / s);
            }
            int failures = 0;
            for (int i = 1; i <= runs; i++) {
                ChainVerifier.Result r = threads == null ? verifier.verify() : verifier.verify(threads);
                System.out.printf("Verification %d: %s, %,d events in %.2f s = %,.0f events/s%n", i,
                        r.intact() ? "INTACT" : "BROKEN " + r.firstProblem().get(), r.eventsChecked(),
                        r.elapsed().toNanos() / 1e9, r.eventsPerSecond());
                if (!r.intact()) failures++;
            }
            return failures == 0 ? 0 : 1;
        }
    }

    @Command(name = "audit-overhead", description = "Time an access-gate decision with and without its audit write")
    static class AuditOverhead implements Callable<Integer> {
        @Autowired AccessGate gate;
        @Autowired UserService users;
        @Autowired PatientService patients;
        @Option(names = "--requests", defaultValue = "20000", description = "Measured operations of each kind (default ${DEFAULT-VALUE})") int requests;
        @Option(names = "--username", defaultValue = "him", description = "User to act as (default ${DEFAULT-VALUE}; needs patient.read)") String username;

        @Override
        public Integer call() {
            var account = users.findByUsername(username);
            long patientCount = patients.count();
            if (account.isEmpty() || patientCount == 0) {
                System.err.println("Needs the user '" + username + "' and some patients: run against a demo database "
                        + "(the embedded default, or add --chartkeeper.demo=true)");
                return 2;
            }
            CurrentUser user = users.currentUser(account.get().id(), null).orElseThrow();
            SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
            try {
                // charts this user may open normally (restricted ones would be refused, a different path)
                long[] ids = java.util.stream.LongStream.rangeClosed(1, patientCount).filter(gate::canOpen).toArray();
                if (ids.length == 0) {
                    System.err.println("'" + username + "' may open no chart");
                    return 2;
                }
                int warmup = Math.min(5_000, requests);
                measure(warmup, ids);
                long[][] t = measure(requests, ids);
                long[] without = t[0];
                long[] with = t[1];
                System.out.printf("%,d operations each, user %s, %,d patients (%,d openable)%n", requests, username,
                        patientCount, ids.length);
                print("without audit write (decision only)", without);
                print("with audit write (AccessGate.open)  ", with);
                Arrays.sort(without);
                Arrays.sort(with);
                System.out.printf("added by the audit write: mean %.3f ms, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms%n",
                        (mean(with) - mean(without)) / 1e6, (pct(with, 50) - pct(without, 50)) / 1e6,
                        (pct(with, 95) - pct(without, 95)) / 1e6, (pct(with, 99) - pct(without, 99)) / 1e6);
                return 0;
            } finally {
                SecurityContextHolder.clearContext();
            }
        }

        /** Alternates the two kinds so that both see the same caches and database state. */
        private long[][] measure(int n, long[] ids) {
            long[] without = new long[n];
            long[] with = new long[n];
            for (int i = 0; i < n; i++) {
                long id = ids[ThreadLocalRandom.current().nextInt(ids.length)];
                long a = System.nanoTime();
                gate.canOpen(id);
                long b = System.nanoTime();
                gate.open(PatientAccess.view(DataCategory.DEMOGRAPHICS, id, "Patient", id));
                long c = System.nanoTime();
                without[i] = b - a;
                with[i] = c - b;
            }
            return new long[][] {without, with};
        }

        private static void print(String label, long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            System.out.printf("%s: mean %.3f ms, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms%n", label, mean(s) / 1e6,
                    pct(s, 50) / 1e6, pct(s, 95) / 1e6, pct(s, 99) / 1e6);
        }
    }

    @Command(name = "chart-load", description = "Concurrent signed-in users reading chart pages of a running server")
    static class ChartLoad implements Callable<Integer> {
        private static final String[] ACCOUNTS = {"him", "coder", "roi", "director"};
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*?value=\"([^\"]+)\"|<meta name=\"_csrf\" content=\"([^\"]+)\"");

        @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (default ${DEFAULT-VALUE})") String url;
        @Option(names = "--users", defaultValue = "20", description = "Concurrent sessions (default ${DEFAULT-VALUE})") int users;
        @Option(names = "--seconds", defaultValue = "30", description = "Measured duration (default ${DEFAULT-VALUE})") int seconds;
        @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured warm-up seconds (default ${DEFAULT-VALUE})") int warmup;
        @Option(names = "--path", defaultValue = "/patients/{id}", description = "Page to load; {id} becomes a random patient id (default ${DEFAULT-VALUE})") String path;
        @Option(names = "--patients", defaultValue = "5000", description = "Patient ids are drawn from 1..N (default ${DEFAULT-VALUE})") int patients;
        @Option(names = "--password", defaultValue = "chartkeeper-demo") String password;

        @Override
        public Integer call() throws Exception {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            List<HttpClient> sessions = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String account = ACCOUNTS[i % ACCOUNTS.length];
                HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
                if (!login(client, base, account)) {
                    System.err.println("Sign-in as " + account + " failed at " + base + "/login");
                    return 2;
                }
                sessions.add(client);
            }
            System.out.printf("%d sessions signed in (%s); warming up %d s, then measuring %s for %d s%n", users,
                    String.join("/", ACCOUNTS), warmup, path, seconds);
            run(sessions, base, warmup, null);
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            run(sessions, base, seconds, (status, nanos) -> {
                latencies.add(nanos);
                statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            });
            double elapsed = (System.nanoTime() - started) / 1e9;
            long[] s = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (s.length == 0) {
                System.err.println("No request completed");
                return 1;
            }
            System.out.printf("%,d requests in %.1f s = %,.0f requests/s; status counts %s%n", s.length, elapsed,
                    s.length / elapsed, new java.util.TreeMap<>(statuses));
            System.out.printf("latency: mean %.1f ms, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    mean(s) / 1e6, pct(s, 50) / 1e6, pct(s, 95) / 1e6, pct(s, 99) / 1e6, s[s.length - 1] / 1e6);
            if (!statuses.containsKey(200)) {
                System.out.println("Note: no 200 answers; does " + path + " exist on this server?");
            }
            return 0;
        }

        private interface Sample { void add(int status, long nanos); }

        private void run(List<HttpClient> sessions, String base, int secs, Sample sample) throws InterruptedException {
            long end = System.nanoTime() + secs * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (HttpClient client : sessions) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (System.nanoTime() < end) {
                        int id = 1 + ThreadLocalRandom.current().nextInt(patients);
                        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path.replace("{id}", Integer.toString(id))))
                                .timeout(Duration.ofSeconds(30)).GET().build();
                        long a = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            status = r.statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        if (sample != null) sample.add(status, System.nanoTime() - a);
                    }
                }));
            }
            for (Thread t : threads) t.join();
        }

        private boolean login(HttpClient client, String base, String account) throws Exception {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(page.body());
            if (!m.find()) return false;
            String token = m.group(1) != null ? m.group(1) : m.group(2);
            String form = "username=" + enc(account) + "&password=" + enc(password) + "&_csrf=" + enc(token);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("Location").orElse("");
            return r.statusCode() == 302 && !location.contains("/login");
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "mpi-scan", description = "Generate a synthetic population with labelled duplicates, load it,"
            + " run the duplicate scan, and report its time, precision and recall")
    static class MpiScan implements Callable<Integer> {
        @Autowired org.chartkeeper.patient.SyntheticPatientService synthetic;
        @Autowired org.chartkeeper.patient.DuplicateService duplicates;
        @Autowired org.chartkeeper.patient.PatientMatchService matching;
        @Autowired UserService users;
        @Option(names = "--patients", defaultValue = "100000", description = "Registrations to generate (default ${DEFAULT-VALUE}; 0 to scan what is there)") int patients;
        @Option(names = "--duplicate-rate", defaultValue = "0.1", description = "Share of re-registrations (default ${DEFAULT-VALUE})") double rate;
        @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--queries", defaultValue = "0", description = "Then time this many findMatches calls (builds the match index first)") int queries;
        @Option(names = "--username", defaultValue = "him", description = "User for --queries (default ${DEFAULT-VALUE}; needs patient.search)") String username;
        @Option(names = "--no-scan", description = "Load (and with --queries index) only, without the duplicate scan") boolean noScan;

        @Override
        public Integer call() {
            long[] person = null;
            long[] ids = null;
            List<org.chartkeeper.patient.Demographics> people = null;
            if (patients > 0) {
                long t0 = System.nanoTime();
                var generated = new org.chartkeeper.patient.match.SyntheticPopulation(seed).generate(patients, rate);
                person = generated.stream().mapToLong(org.chartkeeper.patient.match.SyntheticPopulation.Registration::person).toArray();
                people = generated.stream().map(org.chartkeeper.patient.match.SyntheticPopulation.Registration::demographics).toList();
                System.out.printf("Generated %,d registrations of %,d people in %.1f s%n", patients,
                        java.util.Arrays.stream(person).distinct().count(), (System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                long step = Math.max(1, patients / 10);
                AtomicLong next = new AtomicLong(step);
                ids = synthetic.load(people, done -> {
                    if (done >= next.get()) {
                        next.addAndGet(step);
                        System.out.printf("  loaded %,d (%.0f s)%n", done, (System.nanoTime() - t1) / 1e9);
                    }
                });
                double s = (System.nanoTime() - t1) / 1e9;
                System.out.printf("Loaded %,d patients in %.1f s (%,.0f/s)%n", patients, s, patients / s);
            }
            if (noScan) {
                if (queries > 0 && people != null) queries(people);
                return 0;
            }
            long t2 = System.nanoTime();
            var r = duplicates.scanNow("bench");
            double total = (System.nanoTime() - t2) / 1e9;
            System.out.printf("Scan (job %d): %,d patients, %,d pairs compared, %,d candidates in %.1f s"
                            + " (load %.1f s, blocking %.1f s, comparing %.1f s, writing candidates and work items %.1f s)%n",
                    r.jobId(), r.patients(), r.pairsCompared(), r.candidates(), total, r.loadSeconds(), r.blockSeconds(),
                    r.compareSeconds(), r.writeSeconds());
            if (ids != null) report(ids, person, r.jobId());
            if (queries > 0 && people != null) queries(people);
            return 0;
        }

        private void report(long[] ids, long[] person, long jobId) {
            java.util.Map<Long, Long> personOf = new java.util.HashMap<>();
            for (int i = 0; i < ids.length; i++) personOf.put(ids[i], person[i]);
            java.util.Map<Long, Long> sizes = new java.util.HashMap<>();
            for (long p : person) sizes.merge(p, 1L, Long::sum);
            long truePairs = sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
            var proposed = duplicates.proposedBy(jobId);
            var thresholds = matching.thresholds();
            for (double t : new double[] {thresholds.review(), 0.7, 0.9, thresholds.match()}) {
                long tp = 0;
                long fp = 0;
                for (var p : proposed) {
                    if (p.score() < t) continue;
                    Long a = personOf.get(p.patientA());
                    Long b = personOf.get(p.patientB());
                    if (a != null && a.equals(b)) tp++;
                    else fp++;
                }
                double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
                double recall = truePairs == 0 ? 1 : tp / (double) truePairs;
                System.out.printf("  score >= %.2f: %,d true pairs, %,d found, %,d false: precision %.4f, recall %.4f,"
                        + " F1 %.4f%n", t, truePairs, tp, fp, precision, recall,
                        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
            }
        }

        private void queries(List<org.chartkeeper.patient.Demographics> people) {
            var account = users.findByUsername(username).orElse(null);
            if (account == null) {
                System.err.println("No user '" + username + "' for --queries (add --chartkeeper.demo=true)");
                return;
            }
            CurrentUser user = users.currentUser(account.id(), null).orElseThrow();
            SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
            try {
                long t0 = System.nanoTime();
                long indexed = matching.catchUp();
                System.out.printf("Match index: %,d patients indexed in %.1f s%n", indexed, (System.nanoTime() - t0) / 1e9);
                int warm = Math.min(1000, queries);
                java.util.Random random = new java.util.Random(seed);
                for (int i = 0; i < warm; i++) matching.findMatches(people.get(random.nextInt(people.size())), 10);
                long[] nanos = new long[queries];
                long found = 0;
                for (int i = 0; i < queries; i++) {
                    var d = people.get(random.nextInt(people.size()));
                    long a = System.nanoTime();
                    found += matching.findMatches(d, 10).size();
                    nanos[i] = System.nanoTime() - a;
                }
                Arrays.sort(nanos);
                System.out.printf("findMatches x %,d (after %,d warm-up): mean %.2f ms, p50 %.2f ms, p95 %.2f ms,"
                                + " p99 %.2f ms, max %.2f ms; %.1f matches per query%n", queries, warm, mean(nanos) / 1e6,
                        pct(nanos, 50) / 1e6, pct(nanos, 95) / 1e6, pct(nanos, 99) / 1e6, nanos[nanos.length - 1] / 1e6,
                        found / (double) queries);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    static double mean(long[] v) {
        double sum = 0;
        for (long x : v) sum += x;
        return v.length == 0 ? 0 : sum / v.length;
    }

    /** Nearest-rank percentile of a sorted array. */
    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
