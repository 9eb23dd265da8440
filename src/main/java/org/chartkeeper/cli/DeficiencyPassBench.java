package org.chartkeeper.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.completion.DeficiencyPassResult;
import org.chartkeeper.completion.DeficiencyService;
import org.chartkeeper.completion.DeficiencySyntheticLoad;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Builds N synthetic encounters with their documents and surgical cases in the database given
 * (--spring.datasource.url; use a fresh one), then times the full deficiency pass, a re-run (idempotent: nothing
 * new), and the pass over single encounters that follows a change in a chart.
 */
@Command(name = "deficiency-pass", description = "Load N synthetic encounters with documents, then time the full deficiency pass")
class DeficiencyPassBench implements Callable<Integer> {

    @Autowired DeficiencySyntheticLoad load;
    @Autowired DeficiencyService deficiencies;
    @Autowired JdbcTemplate jdbc;
    @Autowired Clock clock;

    @Option(names = "--encounters", defaultValue = "100000", description = "Encounters to load first (default ${DEFAULT-VALUE}; 0 to only measure)") int encounters;
    @Option(names = "--patients", defaultValue = "40000", description = "Patients they belong to (default ${DEFAULT-VALUE})") int patients;
    @Option(names = "--single", defaultValue = "500", description = "Single-encounter passes to time (default ${DEFAULT-VALUE})") int single;
    @Option(names = "--seed", defaultValue = "1") long seed;

    @Override
    public Integer call() {
        if (encounters > 0) {
            long t0 = System.nanoTime();
            var loaded = load.load(encounters, patients, seed, clock.instant(),
                    n -> System.out.printf("  loaded %,d encounters (%.0f s)%n", n, (System.nanoTime() - t0) / 1e9));
            System.out.printf("Loaded %,d patients, %,d encounters, %,d documents, %,d surgical cases in %.1f s%n",
                    loaded.patients(), loaded.encounters(), loaded.documents(), loaded.surgicalCases(), (System.nanoTime() - t0) / 1e9);
        }
        long totalEncounters = count("select count(*) from encounter");
        long totalDocuments = count("select count(*) from document");
        System.out.printf("Database: %,d encounters, %,d documents, %,d surgical cases, %,d deficiencies before the pass%n",
                totalEncounters, totalDocuments, count("select count(*) from surgical_case"), count("select count(*) from deficiency"));
        Actor bench = Actor.system("bench");
        DeficiencyPassResult first = deficiencies.analyzeAll(bench);
        print("full pass", first);
        DeficiencyPassResult again = deficiencies.analyzeAll(bench);
        print("re-run", again);
        System.out.printf("Deficiencies: %,d open, %,d resolved, %,d waived%n", count("select count(*) from deficiency where status = 'open'"),
                count("select count(*) from deficiency where status = 'resolved'"), count("select count(*) from deficiency where status = 'waived'"));
        List<Long> ids = jdbc.queryForList("select id from encounter order by id desc limit ?", Long.class, single);
        long[] nanos = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long t = System.nanoTime();
            deficiencies.analyzeEncounter(ids.get(i));
            nanos[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(nanos);
        if (nanos.length > 0) {
            System.out.printf("Single-encounter pass (after a change): %d passes, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", nanos.length,
                    nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.95)] / 1e6, nanos[nanos.length - 1] / 1e6);
        }
        System.out.printf("Goal: full pass over 100,000 encounters in under 60 s: %s (%,d encounters, %.1f s)%n",
                first.millis() < 60_000 ? "met" : "NOT met", totalEncounters, first.millis() / 1000.0);
        return 0;
    }

    private void print(String what, DeficiencyPassResult r) {
        System.out.printf("%s: %,d ms (%d rules; %,d opened, %,d resolved, %,d reopened, %,d retired)%n", what, r.millis(),
                r.rules(), r.opened(), r.resolved(), r.reopened(), r.retired());
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
