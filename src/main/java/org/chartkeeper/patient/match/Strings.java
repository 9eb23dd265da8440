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
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
        }
        return Math.min(d[n][m], limit + 1);
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
