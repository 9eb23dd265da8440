package org.chartkeeper.patient;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The patient index's key figures: the duplicate rate (open candidate pairs and confirmed duplicates over all
 * registrations) and merges per week. Counts only; no patient is shown.
 */
@Service
public class MpiKpiService {

    public static final int WEEKS = 8;

    private final MergeRepository repository;
    private final Clock clock;

    public MpiKpiService(MergeRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * {@code openPairs}: candidates open or under investigation; {@code confirmedDuplicates}: registrations merged
     * into another; {@code duplicateRate}: both over {@code registrations} (0..1).
     */
    public record Kpi(long registrations, long activePatients, long openPairs, long confirmedDuplicates,
                      long notDuplicates, double duplicateRate, List<Week> weeks) {

        public String duplicateRatePercent() {
            return String.format(java.util.Locale.ROOT, "%.2f %%", duplicateRate * 100);
        }
    }

    /** One ISO week (Monday, UTC) with its merges and unmerges. */
    public record Week(LocalDate monday, long merges, long unmerges) {}

    public Kpi kpi() {
        long registrations = repository.patients();
        long merged = repository.mergedPatients();
        long open = repository.candidatesWithStatus("open", "investigating");
        long notDuplicates = repository.candidatesWithStatus("not-duplicate");
        double rate = registrations == 0 ? 0 : (double) (open + merged) / registrations;
        LocalDate thisMonday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = thisMonday.minusWeeks(WEEKS - 1);
        Instant since = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Instant> mergeTimes = repository.mergeTimesSince(since);
        List<Instant> unmergeTimes = repository.unmergeTimesSince(since);
        List<Week> weeks = new ArrayList<>();
        for (int i = 0; i < WEEKS; i++) {
            LocalDate monday = first.plusWeeks(i);
            Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = monday.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            weeks.add(new Week(monday, count(mergeTimes, from, to), count(unmergeTimes, from, to)));
        }
        return new Kpi(registrations, registrations - merged, open, merged, notDuplicates, rate, List.copyOf(weeks.reversed()));
    }

    private static long count(List<Instant> times, Instant from, Instant to) {
        return times.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }
}
