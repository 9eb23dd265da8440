package org.chartkeeper.cli;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.chartkeeper.completion.QueryReport;
import org.chartkeeper.completion.QueryService;
import org.chartkeeper.completion.QueryStatus;
import org.chartkeeper.completion.SyntheticQueryLoad;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads N synthetic answered physician queries, then times the response-time and agreement report over the past
 * year (by provider, author and month) and the CDI worklist of open queries, in-process as the HIM director.
 */
@Command(name = "query-report", description = "Load N synthetic answered physician queries, then time the query report and worklist")
class QueryReportBench implements Callable<Integer> {

    @Autowired SyntheticQueryLoad load;
    @Autowired QueryService queries;
    @Autowired UserService users;
    @Option(names = "--queries", defaultValue = "200000", description = "Queries to load first (default ${DEFAULT-VALUE}; 0 to only measure)") long count;
    @Option(names = "--runs", defaultValue = "10", description = "Measured report runs (default ${DEFAULT-VALUE})") int runs;
    @Option(names = "--username", defaultValue = "director", description = "User to act as (default ${DEFAULT-VALUE})") String username;

    @Override
    public Integer call() {
        var account = users.findByUsername(username);
        if (account.isEmpty()) {
            System.err.println("Needs the user '" + username + "': run against a demo database");
            return 2;
        }
        if (count > 0) {
            long t0 = System.nanoTime();
            load.append(count, done -> {
                if (done % 50_000 == 0 || done == count) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("  loaded %,d queries (%.0f s, %,.0f rows/s)%n", done, s, done / s);
                }
            });
        }
        CurrentUser user = users.currentUser(account.get().id(), null).orElseThrow();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
        try {
            LocalDate to = LocalDate.now();
            LocalDate from = to.minusYears(1);
            QueryReport r = queries.report(from, to);
            long[] t = new long[runs];
            for (int i = 0; i < runs; i++) {
                long s0 = System.nanoTime();
                r = queries.report(from, to);
                t[i] = System.nanoTime() - s0;
            }
            Arrays.sort(t);
            System.out.printf("report %s..%s: %,d answered queries, %d providers, %d authors, %d months;"
                            + " median %.1f h, p90 %.1f h, agreement %.1f %%%n", from, to, r.overall().answered(),
                    r.byProvider().size(), r.byAuthor().size(), r.byMonth().size(), r.overall().medianHours(),
                    r.overall().p90Hours(), r.overall().agreementRate());
            System.out.printf("report time over %d runs: min %.0f ms, median %.0f ms, max %.0f ms%n", runs, t[0] / 1e6,
                    t[runs / 2] / 1e6, t[runs - 1] / 1e6);
            long[] w = new long[runs];
            int shown = 0;
            for (int i = 0; i < runs; i++) {
                long s0 = System.nanoTime();
                shown = queries.list(QueryStatus.SENT, null, null).size();
                w[i] = System.nanoTime() - s0;
            }
            Arrays.sort(w);
            System.out.printf("CDI worklist (sent, audited, at most 500 shown: %d): median %.1f ms, max %.1f ms%n", shown,
                    w[runs / 2] / 1e6, w[runs - 1] / 1e6);
            return 0;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
