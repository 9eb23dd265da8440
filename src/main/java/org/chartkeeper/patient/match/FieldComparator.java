package org.chartkeeper.patient.match;

import static org.chartkeeper.patient.match.MatchField.MISSING;

import java.time.LocalDate;

/** Puts each field of a pair of standardized records on its comparison level. Stateless and thread-safe. */
public final class FieldComparator {

    private final NameStandardizer names = NameStandardizer.standard();

    public Comparison compare(MatchRecord a, MatchRecord b, TermFrequencies tf, MatchModel model) {
        int n = MatchField.values().length;
        int[] levels = new int[n];
        double[] freq = new double[n];
        java.util.Arrays.fill(freq, -1);

        // names straight, and crosswise (first and last name swapped on one side): keep the better reading
        int g = given(a.given(), a.givenCode(), b.given(), b.givenCode());
        int f = family(a.family(), a.familyCode(), b.family(), b.familyCode());
        boolean swapped = false;
        if ((g != 0 || f != 0) && maySwap(a, b)) {
            int gx = given(a.given(), a.givenCode(), b.family(), b.familyCode());
            int fx = family(a.family(), a.familyCode(), b.given(), b.givenCode());
            if (gx != MISSING || fx != MISSING) {
                double straight = model.weight(MatchField.GIVEN_NAME, g, -1) + model.weight(MatchField.FAMILY_NAME, f, -1);
                double cross = model.weight(MatchField.GIVEN_NAME, gx, -1) + model.weight(MatchField.FAMILY_NAME, fx, -1);
                if (cross + model.swapWeight() > straight) {
                    swapped = true;
                    g = gx;
                    f = fx;
                }
            }
        }
        levels[MatchField.GIVEN_NAME.ordinal()] = g;
        levels[MatchField.FAMILY_NAME.ordinal()] = f;
        if (g == 0) freq[MatchField.GIVEN_NAME.ordinal()] = swapped ? tf.family(a.given()) : tf.given(a.given());
        if (f == 0) freq[MatchField.FAMILY_NAME.ordinal()] = swapped ? tf.given(a.family()) : tf.family(a.family());

        levels[MatchField.MIDDLE_NAME.ordinal()] = middle(a.middle(), b.middle());
        levels[MatchField.BIRTH_DATE.ordinal()] = birthDate(a.birthDate(), b.birthDate());
        levels[MatchField.SEX.ordinal()] = a.sex() == null || b.sex() == null ? MISSING : a.sex().equals(b.sex()) ? 0 : 1;
        levels[MatchField.ADDRESS.ordinal()] = address(a, b);
        levels[MatchField.POSTAL_CODE.ordinal()] = a.zip() == null || b.zip() == null ? MISSING : a.zip().equals(b.zip()) ? 0 : 1;
        int c = city(a.city(), b.city());
        levels[MatchField.CITY.ordinal()] = c;
        if (c == 0) freq[MatchField.CITY.ordinal()] = tf.city(a.city());
        levels[MatchField.PHONE.ordinal()] = phone(a.phone(), b.phone());
        levels[MatchField.EMAIL.ordinal()] = email(a.email(), b.email());
        levels[MatchField.SSN.ordinal()] = ssn(a, b);
        levels[MatchField.IDENTIFIER.ordinal()] = identifier(a, b);
        return new Comparison(levels, freq, swapped);
    }

    /** Cheap test before comparing names crosswise: a first letter or a phonetic code agrees crosswise. */
    private static boolean maySwap(MatchRecord a, MatchRecord b) {
        return initialOrCode(a.given(), a.givenCode(), b.family(), b.familyCode())
                || initialOrCode(a.family(), a.familyCode(), b.given(), b.givenCode());
    }

    private static boolean initialOrCode(String x, String cx, String y, String cy) {
        if (x == null || y == null) return false;
        return x.charAt(0) == y.charAt(0) || cx != null && cx.equals(cy);
    }

    int given(String a, String ca, String b, String cb) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        if (names.sameNickname(a, b)) return 1;
        if (a.length() == 1 || b.length() == 1) return a.charAt(0) == b.charAt(0) ? 5 : 6;
        int s = similarity(a, ca, b, cb);
        return s == 0 ? 6 : 5 - s; // 3 -> typo (2), 2 -> sounds alike (3), 1 -> similar (4)
    }

    int family(String a, String ca, String b, String cb) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        if (Strings.tokenOf(a, b)) return 1;
        int s = similarity(a, ca, b, cb);
        return s == 0 ? 5 : 5 - s;
    }

    /**
     * 3: a typo (Jaro-Winkler >= 0.92, or one edit in a name of four letters or more); 2: sounds alike (same Double
     * Metaphone); 1: similar (Jaro-Winkler >= 0.80, two edits in a longer name, or mostly the same letters scrambled);
     * 0: different.
     */
    static int similarity(String a, String ca, String b, String cb) {
        double jw = Strings.jaroWinkler(a, b);
        int shorter = Math.min(a.length(), b.length());
        if (jw >= 0.92 || Strings.tokenOf(a, b)) return 3;
        int edits = Strings.osa(a, b, 2);
        if (edits <= 1 && shorter >= 4) return 3;
        if (ca != null && ca.equals(cb)) return 2;
        if (jw >= 0.80 || edits <= 2 && shorter >= 5
                || shorter >= 4 && Strings.letterOverlap(a, b) >= 0.7) return 1;
        return 0;
    }

    static int middle(String a, String b) {
        if (a == null || b == null) return MISSING;
        return a.charAt(0) == b.charAt(0) && (a.length() == 1 || b.length() == 1 || a.equals(b)) ? 0 : 1;
    }

    static int birthDate(LocalDate a, LocalDate b) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        if (BirthDates.transposed(a, b)) return 1;
        if (BirthDates.partsEqual(a, b) == 2) return 2;
        return BirthDates.close(a, b) ? 3 : 4;
    }

    static int address(MatchRecord a, MatchRecord b) {
        if (a.address() == null || b.address() == null) return MISSING;
        if (a.address().equals(b.address())) return 0;
        if (a.houseNumber() != null && a.houseNumber().equals(b.houseNumber())
                && Strings.jaroWinkler(a.address(), b.address()) >= 0.88) {
            return 1;
        }
        return 2;
    }

    static int city(String a, String b) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        return Strings.jaroWinkler(a, b) >= 0.88 || Strings.osa(a, b, 2) <= 2 && Math.min(a.length(), b.length()) >= 6 ? 1 : 2;
    }

    static int phone(String a, String b) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        return Strings.oneDigitOff(a, b) ? 1 : 2;
    }

    static int email(String a, String b) {
        if (a == null || b == null) return MISSING;
        if (a.equals(b)) return 0;
        int at = a.indexOf('@');
        int bt = b.indexOf('@');
        if (at > 0 && bt > 0) {
            String la = a.substring(0, at);
            String lb = b.substring(0, bt);
            if (la.equals(lb)) return 1;
            // a typo in the mailbox (two edits at most), or in the whole address
            if (Math.min(la.length(), lb.length()) >= 5 && Strings.osa(la, lb, 2) <= 2) return 2;
        }
        return Strings.jaroWinkler(a, b) >= 0.94 ? 2 : 3;
    }

    static int ssn(MatchRecord a, MatchRecord b) {
        if (a.ssn() != null && b.ssn() != null) {
            if (a.ssn().equals(b.ssn())) return 0;
            return Strings.oneDigitOff(a.ssn(), b.ssn()) ? 1 : 3;
        }
        if (a.ssnLast4() == null || b.ssnLast4() == null) return MISSING;
        return a.ssnLast4().equals(b.ssnLast4()) ? 2 : 3;
    }

    static int identifier(MatchRecord a, MatchRecord b) {
        if (a.identifiers().isEmpty() || b.identifiers().isEmpty()) return MISSING;
        boolean conflict = false;
        for (String x : a.identifiers()) {
            if (b.identifiers().contains(x)) return 0;
            String system = x.substring(0, x.indexOf('|') + 1);
            for (String y : b.identifiers()) if (y.startsWith(system)) conflict = true;
        }
        return conflict ? 1 : MISSING;
    }
}
