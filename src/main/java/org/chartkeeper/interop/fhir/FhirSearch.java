package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.chartkeeper.InvalidRequestException;
import org.hl7.fhir.r4.model.Resource;

/**
 * What every search of this server shares: date parameters with their prefixes (eq, ge, gt, le, lt, sa, eb) as one
 * half-open window of instants, {@code _count}/{@code _offset} pages with next/previous links (HAPI builds them from
 * the page's offset; nothing is kept between requests, so any node answers any page), and {@code _sort} on the keys
 * a search names.
 */
final class FhirSearch {

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 200;
    /** The furthest a client may page into one search. */
    static final int MAX_OFFSET = 10_000;

    private FhirSearch() {}

    /** Instants t with {@code from <= t < to}; a null end is open. */
    record Window(Instant from, Instant to) {
        static final Window ALL = new Window(null, null);

        boolean contains(Instant t) {
            if (from == null && to == null) return true;
            if (t == null) return false;
            return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
        }

        /** Dates d (whole days) that overlap the window. */
        boolean overlapsDay(LocalDate d) {
            if (d == null) return from == null && to == null;
            Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return (from == null || end.isAfter(from)) && (to == null || start.isBefore(to));
        }

        /** A period [start, end] (end null: still open) that overlaps the window. */
        boolean overlaps(Instant start, Instant end) {
            return (to == null || start == null || start.isBefore(to)) && (from == null || end == null || !end.isBefore(from));
        }
    }

    /**
     * The window a date parameter (one value or a range, e.g. {@code ge2026-01-01&_lastUpdated=lt2026-02-01})
     * describes. A value is a year, a month, a day or an instant; {@code ne} and {@code ap} are refused, naming the
     * parameter.
     */
    static Window window(DateRangeParam range, String parameter) {
        if (range == null || range.isEmpty()) return Window.ALL;
        Instant from = null;
        Instant to = null;
        for (DateParam p : range.getValuesAsQueryTokens()) {
            if (p == null || p.getValue() == null) continue;
            Instant[] span = span(p, parameter);
            ParamPrefixEnum prefix = p.getPrefix() == null ? ParamPrefixEnum.EQUAL : p.getPrefix();
            Instant lower = null;
            Instant upper = null;
            switch (prefix) {
                case EQUAL -> { lower = span[0]; upper = span[1]; }
                case GREATERTHAN_OR_EQUALS -> lower = span[0];
                case GREATERTHAN, STARTS_AFTER -> lower = span[1];
                case LESSTHAN_OR_EQUALS -> upper = span[1];
                case LESSTHAN, ENDS_BEFORE -> upper = span[0];
                default -> throw new InvalidRequestException(parameter, parameter + " supports the prefixes eq, ge, gt,"
                        + " le, lt, sa and eb; not " + prefix.getValue());
            }
            if (lower != null && (from == null || lower.isAfter(from))) from = lower;
            if (upper != null && (to == null || upper.isBefore(to))) to = upper;
        }
        return new Window(from, to);
    }

    /** The instants a value covers: [start, end). Dates without a time are UTC days, months or years. */
    private static Instant[] span(DateParam p, String parameter) {
        String text = p.getValueAsString();
        TemporalPrecisionEnum precision = p.getPrecision();
        try {
            if (precision == TemporalPrecisionEnum.YEAR) {
                LocalDate d = LocalDate.of(Integer.parseInt(text.substring(0, 4)), 1, 1);
                return new Instant[] {utc(d), utc(d.plusYears(1))};
            }
            if (precision == TemporalPrecisionEnum.MONTH) {
                YearMonth m = YearMonth.parse(text.substring(0, 7));
                return new Instant[] {utc(m.atDay(1)), utc(m.plusMonths(1).atDay(1))};
            }
            if (precision == TemporalPrecisionEnum.DAY) {
                LocalDate d = LocalDate.parse(text.substring(0, 10));
                return new Instant[] {utc(d), utc(d.plusDays(1))};
            }
        } catch (RuntimeException e) {
            throw new InvalidRequestException(parameter, parameter + " must be a date (yyyy, yyyy-MM, yyyy-MM-dd) or an"
                    + " instant (yyyy-MM-ddThh:mm:ssZ)");
        }
        Date value = p.getValue();
        Instant start = value.toInstant();
        Instant end = precision == null ? start.plusMillis(1) : precision.add(value, 1).toInstant();
        return new Instant[] {start, end};
    }

    private static Instant utc(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The value of a token parameter, or null. */
    static String token(TokenParam p) {
        return p == null || p.getValue() == null || p.getValue().isBlank() ? null : p.getValue().strip();
    }

    static int count(Integer count) {
        if (count == null) return DEFAULT_COUNT;
        if (count < 0) throw new InvalidRequestException("_count", "_count must not be negative");
        return Math.min(count, MAX_COUNT);
    }

    static int offset(Integer offset) {
        if (offset == null) return 0;
        if (offset < 0) throw new InvalidRequestException("_offset", "_offset must not be negative");
        if (offset > MAX_OFFSET) {
            throw new InvalidRequestException("_offset", "_offset goes at most to " + MAX_OFFSET + "; narrow the search");
        }
        return offset;
    }

    /** One page of a complete result (its size is the Bundle's total). */
    static IBundleProvider page(List<? extends Resource> all, Integer offset, Integer count) {
        int from = Math.min(offset(offset), all.size());
        int size = count(count);
        SimpleBundleProvider page = new SimpleBundleProvider(new ArrayList<>(all.subList(from, Math.min(all.size(), from + size))));
        page.setCurrentPageOffset(from);
        page.setCurrentPageSize(size);
        page.setSize(all.size());
        return page;
    }

    /**
     * One page of a result read up to {@code offset + count + 1} rows: the total is known (and given) only when
     * this is the last page; otherwise the Bundle has no total and a next link.
     */
    static IBundleProvider pageOfMore(List<? extends Resource> uptoOneMore, int offset, int count) {
        int from = Math.min(offset, uptoOneMore.size());
        return page(uptoOneMore.subList(from, Math.min(uptoOneMore.size(), from + count)), offset, count,
                uptoOneMore.size() > offset + count);
    }

    /** A page the database cut at {@code offset}, of {@code total} matches in all. */
    static IBundleProvider page(List<? extends Resource> rows, int offset, int count, long total) {
        SimpleBundleProvider page = new SimpleBundleProvider(new ArrayList<>(rows));
        page.setCurrentPageOffset(offset);
        page.setCurrentPageSize(count);
        page.setSize((int) Math.min(Integer.MAX_VALUE, total));
        return page;
    }

    /** The page at {@code offset} of a search; {@code more}: rows follow it (no total then). */
    static IBundleProvider page(List<? extends Resource> rows, int offset, int count, boolean more) {
        SimpleBundleProvider page = new SimpleBundleProvider(new ArrayList<>(rows));
        page.setCurrentPageOffset(offset);
        page.setCurrentPageSize(count);
        page.setSize(more ? null : offset + rows.size());
        return page;
    }

    /**
     * Sorts by the {@code _sort} keys a search allows (each optionally descending with {@code -}); an unknown key is
     * refused, naming {@code _sort}. Nulls sort last.
     */
    static <T> List<T> sort(List<T> rows, SortSpec sort, Map<String, Function<T, Comparable<?>>> keys) {
        if (sort == null) return rows;
        Comparator<T> order = null;
        for (SortSpec s = sort; s != null; s = s.getChain()) {
            @SuppressWarnings("unchecked")
            Function<T, Comparable<Object>> key = (Function<T, Comparable<Object>>) (Function<?, ?>) keys.get(s.getParamName());
            if (key == null) {
                throw new InvalidRequestException("_sort", "_sort supports " + String.join(", ", keys.keySet())
                        + "; not " + s.getParamName());
            }
            Comparator<Comparable<Object>> natural = Comparator.naturalOrder();
            Comparator<T> c = Comparator.comparing(key, Comparator.nullsLast(
                    s.getOrder() == SortOrderEnum.DESC ? natural.reversed() : natural));
            order = order == null ? c : order.thenComparing(c);
        }
        List<T> out = new ArrayList<>(rows);
        out.sort(order);
        return out;
    }
}
