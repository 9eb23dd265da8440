package org.chartkeeper.completion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Response time and agreement of answered physician queries over a period, overall and by provider, by CDI author
 * and by month. Response time runs from sending to the answer (hours; median and 90th percentile, nearest-rank).
 * Agreement rate = agreed / (agreed + disagreed + undetermined); answers whose outcome CDI has not yet noted
 * ("other" or open text) are counted as pending and left out of the rate.
 */
public record QueryReport(LocalDate from, LocalDate to, Row overall, List<Row> byProvider, List<Row> byAuthor,
                          List<Row> byMonth) {

    /** One answered query as the report counts it. */
    public record Answer(String provider, String author, Instant sentAt, Instant answeredAt, QueryOutcome outcome) {

        Double responseHours() {
            return sentAt == null || answeredAt == null ? null
                    : java.time.Duration.between(sentAt, answeredAt).toMinutes() / 60.0;
        }
    }

    public record Row(String label, int answered, Double medianHours, Double p90Hours, int agreed, int disagreed,
                      int undetermined, int pending, Double agreementRate) {}

    public static QueryReport of(LocalDate from, LocalDate to, List<Answer> answered) {
        return new QueryReport(from, to, row("All providers", answered),
                group(answered, Answer::provider),
                group(answered, Answer::author),
                group(answered, q -> YearMonth.from(q.answeredAt().atZone(ZoneOffset.UTC)).toString()));
    }

    private static List<Row> group(List<Answer> queries, Function<Answer, String> key) {
        Map<String, List<Answer>> groups = new TreeMap<>();
        for (Answer q : queries) groups.computeIfAbsent(key.apply(q), k -> new ArrayList<>()).add(q);
        List<Row> rows = new ArrayList<>();
        groups.forEach((label, list) -> rows.add(row(label, list)));
        return rows;
    }

    static Row row(String label, Collection<Answer> queries) {
        List<Double> hours = queries.stream().map(Answer::responseHours).filter(h -> h != null).sorted().toList();
        int agreed = 0;
        int disagreed = 0;
        int undetermined = 0;
        int pending = 0;
        for (Answer q : queries) {
            if (q.outcome() == null) pending++;
            else switch (q.outcome()) {
                case AGREED -> agreed++;
                case DISAGREED -> disagreed++;
                case UNDETERMINED -> undetermined++;
            }
        }
        int decided = agreed + disagreed + undetermined;
        return new Row(label, queries.size(), percentile(hours, 50), percentile(hours, 90), agreed, disagreed,
                undetermined, pending, decided == 0 ? null : round(100.0 * agreed / decided));
    }

    /** Nearest-rank percentile of sorted values (the smallest value with at least p percent at or below it). */
    static Double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) return null;
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return round(sorted.get(Math.max(0, rank - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
