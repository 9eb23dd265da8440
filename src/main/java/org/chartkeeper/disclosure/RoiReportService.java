package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * The release-of-information report: turnaround (median and 90th percentile, received to released), the backlog by
 * age, requests by type and by requester type, revenue. Aggregates only: it shows no patient, so it is not audited
 * as patient access; its URL needs roi.work.
 */
@Service
public class RoiReportService {

    static final int MAX_DAYS = 3 * 366;
    static final int[][] BUCKETS = {{0, 7}, {8, 14}, {15, 30}, {31, 60}, {61, -1}};

    private final RoiReportRepository reports;
    private final Clock clock;

    public RoiReportService(RoiReportRepository reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The report for [from, to] (dates yyyy-MM-dd; default the 12 months to today). */
    public RoiReport report(String fromText, String toText) {
        LocalDate today = today();
        LocalDate to = AuthorizationForm.date("to", toText);
        LocalDate from = AuthorizationForm.date("from", fromText);
        if (to == null) to = today;
        if (from == null) from = to.minusYears(1).plusDays(1);
        if (to.isBefore(from)) throw new InvalidRequestException("to", "The period ends before it starts");
        if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new InvalidRequestException("from", "The period is at most 3 years");
        }
        List<RoiReportRepository.Released> released = reports.released(from, to);
        RoiReport.Turnaround overall = turnaround("all", "All requests", released.stream().map(RoiReportService::days).toList());
        Map<String, List<Integer>> byType = new TreeMap<>();
        for (var r : released) byType.computeIfAbsent(r.requesterType(), k -> new ArrayList<>()).add(days(r));
        List<RoiReport.Turnaround> turnaround = byType.entrySet().stream()
                .map(e -> turnaround(RequesterType.valueOf(e.getKey()).code(), RequesterType.valueOf(e.getKey()).label(),
                        e.getValue()))
                .toList();
        List<RoiReport.Bucket> backlog = backlog(reports.openReceived(), today);
        List<RoiReport.Count> byRequestType = List.of(
                new RoiReport.Count("records", "Requests for records", reports.count("roi_request", from, to)),
                new RoiReport.Count("accounting", "Accountings of disclosures", reports.count("accounting_request", from, to)),
                new RoiReport.Count("amendment", "Requests to amend", reports.count("amendment_request", from, to)),
                new RoiReport.Count("outgoing", "Outgoing requests to other facilities", reports.count("outgoing_request", from, to)));
        List<RoiReport.Count> byRequester = reports.byRequesterType(from, to).stream()
                .map(r -> new RoiReport.Count(RequesterType.valueOf((String) r[0]).code(),
                        RequesterType.valueOf((String) r[0]).label(), (Integer) r[1]))
                .toList();
        Map<String, BigDecimal> months = new TreeMap<>();
        BigDecimal total = RoiReportRepository.zero();
        List<Object[]> fees = new java.util.ArrayList<>(reports.accountingFees(from, to));
        fees.addAll(reports.invoicesPaid(from, to));
        for (Object[] fee : fees) {
            String month = ((LocalDate) fee[0]).toString().substring(0, 7);
            months.merge(month, (BigDecimal) fee[1], BigDecimal::add);
            total = total.add((BigDecimal) fee[1]);
        }
        RoiReport.Revenue revenue = new RoiReport.Revenue(total, months.entrySet().stream()
                .map(e -> new RoiReport.Month(e.getKey(), e.getValue())).toList(),
                "release invoices paid (by payment date) and accounting-of-disclosures fees (by delivery date)");
        return new RoiReport(from, to, today, overall, turnaround, backlog, reports.overdue(today), byRequestType,
                byRequester, revenue);
    }

    static int days(RoiReportRepository.Released r) {
        return (int) Math.max(0, ChronoUnit.DAYS.between(r.receivedOn(), r.releasedOn()));
    }

    static RoiReport.Turnaround turnaround(String key, String label, List<Integer> days) {
        if (days.isEmpty()) return new RoiReport.Turnaround(key, label, 0, null, null, null);
        int[] sorted = days.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new RoiReport.Turnaround(key, label, sorted.length, percentile(sorted, 50), percentile(sorted, 90),
                sorted[sorted.length - 1]);
    }

    /** The p-th percentile by linear interpolation between closest ranks (the median of 1,2,3,4 is 2.5). */
    static double percentile(int[] sorted, int p) {
        if (sorted.length == 1) return sorted[0];
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    static List<RoiReport.Bucket> backlog(List<LocalDate> openReceived, LocalDate today) {
        int[] counts = new int[BUCKETS.length];
        for (LocalDate d : openReceived) {
            long age = Math.max(0, ChronoUnit.DAYS.between(d, today));
            for (int i = 0; i < BUCKETS.length; i++) {
                if (age >= BUCKETS[i][0] && (BUCKETS[i][1] < 0 || age <= BUCKETS[i][1])) {
                    counts[i]++;
                    break;
                }
            }
        }
        List<RoiReport.Bucket> out = new ArrayList<>();
        for (int i = 0; i < BUCKETS.length; i++) {
            int[] b = BUCKETS[i];
            out.add(new RoiReport.Bucket(b[1] < 0 ? b[0] + "+ days" : b[0] + "-" + b[1] + " days", b[0],
                    b[1] < 0 ? null : b[1], counts[i]));
        }
        return out;
    }

    /** The report as CSV rows: section, key, label, value(s). */
    public static List<List<String>> csv(RoiReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("section", "key", "label", "count", "median_days", "p90_days", "max_days"));
        for (RoiReport.Turnaround t : concat(List.of(r.overall()), r.turnaroundByRequesterType())) {
            rows.add(List.of("turnaround", t.key(), t.label(), String.valueOf(t.released()), str(t.medianDays()),
                    str(t.p90Days()), str(t.maxDays())));
        }
        for (RoiReport.Bucket b : r.backlog()) rows.add(List.of("backlog", b.label(), b.label(), String.valueOf(b.open()), "", "", ""));
        rows.add(List.of("backlog", "overdue", "Overdue", String.valueOf(r.overdue()), "", "", ""));
        for (RoiReport.Count c : r.requestsByType()) rows.add(List.of("request-type", c.key(), c.label(), String.valueOf(c.count()), "", "", ""));
        for (RoiReport.Count c : r.requestsByRequesterType()) rows.add(List.of("requester-type", c.key(), c.label(), String.valueOf(c.count()), "", "", ""));
        for (RoiReport.Month m : r.revenue().byMonth()) rows.add(List.of("revenue", m.month(), m.month(), m.amount().toPlainString(), "", "", ""));
        rows.add(List.of("revenue", "total", "Total", r.revenue().total().toPlainString(), "", "", ""));
        return rows;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String str(Object o) {
        return o == null ? "" : o instanceof Double d ? String.format(java.util.Locale.ROOT, "%.1f", d) : o.toString();
    }

}
