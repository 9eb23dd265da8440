package org.chartkeeper.coding;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chartkeeper.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * Coding productivity: charts final coded per hour of coding, by coder and patient type, per day or week (UTC).
 *
 * <p>Hours are coding-session time: a session starts when a coder opens (or saves) an encounter's workspace and runs
 * to final coding; a session idle for 30 minutes ends at its last activity (opening, saving, accepting or reordering),
 * and no session counts for more than {@link #SESSION_CAP} hours. A chart counts in the day (or week) its
 * session started; reopening and re-finalizing a chart counts it again.
 */
@Service
public class CodingProductivityService {

    static final Duration SESSION_CAP = Duration.ofHours(4);

    private final CodingWorkRepository work;
    private final Clock clock;

    public CodingProductivityService(CodingWorkRepository work, Clock clock) {
        this.work = work;
        this.clock = clock;
    }

    /** Charts, hours and charts per hour of one group. */
    public record Figures(String period, String coder, String encounterClass, long charts, double hours,
                          double chartsPerHour) {}

    public record Report(LocalDate from, LocalDate to, String per, List<Figures> rows, List<Figures> byCoder,
                         Figures overall) {}

    /** The report for days [from, to] (UTC), per "day" or "week" (weeks start on Monday). */
    public Report report(LocalDate from, LocalDate to, String per) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? end.minusDays(27) : from;
        if (end.isBefore(start)) throw new InvalidRequestException("to", "The end date is before the start date");
        if (Duration.between(start.atStartOfDay(), end.atStartOfDay()).toDays() > 366) {
            throw new InvalidRequestException("from", "At most a year at a time");
        }
        String p = per == null || per.isBlank() ? "day" : per.strip();
        if (!p.equals("day") && !p.equals("week")) throw new InvalidRequestException("per", "day or week");
        List<CodingWorkRepository.Session> sessions = work.sessions(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        Map<String, long[]> groups = new TreeMap<>();
        Map<String, long[]> coders = new TreeMap<>();
        long[] all = new long[2];
        for (CodingWorkRepository.Session s : sessions) {
            LocalDate day = CodingWorkRepository.day(s.startedAt());
            String period = p.equals("day") ? day.toString() : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            long seconds = seconds(s);
            int chart = s.finalized() ? 1 : 0;
            add(groups.computeIfAbsent(period + "|" + s.coder() + "|" + s.encounterClass().toUpperCase(java.util.Locale.ROOT),
                    k -> new long[2]), chart, seconds);
            add(coders.computeIfAbsent(s.coder(), k -> new long[2]), chart, seconds);
            add(all, chart, seconds);
        }
        List<Figures> rows = new ArrayList<>();
        groups.forEach((k, v) -> {
            String[] key = k.split("\\|", 3);
            rows.add(figures(key[0], key[1], key[2], v));
        });
        List<Figures> byCoder = new ArrayList<>();
        coders.forEach((k, v) -> byCoder.add(figures(null, k, null, v)));
        return new Report(start, end, p, rows, byCoder, figures(null, null, null, all));
    }

    /** A session's counted time: to its end (or last activity when it was left open), capped. */
    static long seconds(CodingWorkRepository.Session s) {
        Instant end = s.endedAt() != null ? s.endedAt() : s.lastActivityAt();
        long seconds = Math.max(0, Duration.between(s.startedAt(), end).toSeconds());
        return Math.min(seconds, SESSION_CAP.toSeconds());
    }

    private static void add(long[] v, int chart, long seconds) {
        v[0] += chart;
        v[1] += seconds;
    }

    static Figures figures(String period, String coder, String type, long[] v) {
        double hours = v[1] / 3600.0;
        double perHour = v[1] == 0 ? 0 : v[0] / hours;
        return new Figures(period, coder, type, v[0], Math.round(hours * 100) / 100.0, Math.round(perHour * 100) / 100.0);
    }
}
