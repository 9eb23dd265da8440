package org.chartkeeper.patient.match;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/** The string measures the comparisons use: Jaro-Winkler (Commons Text) and optimal string alignment distance. */
final class Strings {

    private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();

    private Strings() {}

    static double jaroWinkler(String a, String b) {
        return JW.apply(a, b);
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from a to b, or limit + 1 when more than limit. */
    static int osa(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) return limit + 1;
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = i;
            char ai = a.charAt(i - 1);
            for (int j = 1; j <= m; j++) {
                char bj = b.charAt(j - 1);
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (ai == bj ? 0 : 1));
                if (i > 1 && j > 1 && ai == b.charAt(j - 2) && a.charAt(i - 2) == bj) v = Math.min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > limit) return limit + 1;
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], limit + 1);
    }

    /** Whether one name is a whole word of the other ("SMITH" in "SMITH JONES"). */
    static boolean tokenOf(String a, String b) {
        if (a.indexOf(' ') < 0 && b.indexOf(' ') < 0) return false;
        for (String x : a.split(" ")) {
            for (String y : b.split(" ")) {
                if (x.length() > 1 && x.equals(y)) return true;
            }
        }
        return false;
    }

    /** Same length, at most one position differs, or two neighbours swapped. */
    static boolean oneDigitOff(String a, String b) {
        if (a.length() != b.length()) return false;
        int first = -1;
        int diffs = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (diffs == 0) first = i;
                diffs++;
            }
        }
        if (diffs <= 1) return true;
        return diffs == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                && a.charAt(first + 1) == b.charAt(first) && a.charAt(first + 1) != b.charAt(first + 1);
    }

    /** Letters shared as multisets over letters in either (Jaccard), for names scrambled and shortened at once. */
    static double letterOverlap(String a, String b) {
        int[] x = new int[26];
        int[] y = new int[26];
        for (int i = 0; i < a.length(); i++) if (a.charAt(i) >= 'A' && a.charAt(i) <= 'Z') x[a.charAt(i) - 'A']++;
        for (int i = 0; i < b.length(); i++) if (b.charAt(i) >= 'A' && b.charAt(i) <= 'Z') y[b.charAt(i) - 'A']++;
        int both = 0;
        int either = 0;
        for (int k = 0; k < 26; k++) {
            both += Math.min(x[k], y[k]);
            either += Math.max(x[k], y[k]);
        }
        return either == 0 ? 0 : both / (double) either;
    }
}
