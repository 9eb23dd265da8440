package org.chartkeeper.patient.match;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates of birth as registration writes them, and how two of them agree. */
public final class BirthDates {

    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern US = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    private BirthDates() {}

    /** yyyy-MM-dd, MM/dd/yyyy (US order) or yyyyMMdd; null if blank or not a real date. */
    public static LocalDate parse(String text) {
        if (text == null || text.isBlank()) return null;
        String s = text.strip();
        try {
            Matcher m = ISO.matcher(s);
            if (m.matches()) return LocalDate.of(i(m, 1), i(m, 2), i(m, 3));
            m = US.matcher(s);
            if (m.matches()) return LocalDate.of(i(m, 3), i(m, 1), i(m, 2));
            m = COMPACT.matcher(s);
            if (m.matches()) return LocalDate.of(i(m, 1), i(m, 2), i(m, 3));
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    /** Same year, day and month swapped (04/02 for 02/04). */
    public static boolean transposed(LocalDate a, LocalDate b) {
        return a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth()
                && a.getDayOfMonth() == b.getMonthValue() && !a.equals(b);
    }

    /** How many of year, month and day agree (0..3). */
    public static int partsEqual(LocalDate a, LocalDate b) {
        return (a.getYear() == b.getYear() ? 1 : 0) + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
                + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0);
    }

    /**
     * Near each other: within two years, or written two keystrokes apart (1983-03-07 and 1973-03-09), the errors
     * of a date typed by hand.
     */
    public static boolean close(LocalDate a, LocalDate b) {
        if (Math.abs(a.toEpochDay() - b.toEpochDay()) <= 62) return true;
        String x = a.toString();
        String y = b.toString();
        int diffs = 0;
        for (int k = 0; k < x.length() && k < y.length(); k++) if (x.charAt(k) != y.charAt(k)) diffs++;
        return diffs <= 2 && x.length() == y.length();
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }
}
