package org.chartkeeper.coding;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Coding accuracy of one reviewed chart, the coder's codes against the reviewer's.
 *
 * <p>Code over code, per code type: matching codes divided by the union of both sides' codes (a diagnosis matches
 * when code and POA indicator are the same; a procedure when system and code are). Record over record: the whole
 * abstract matched (same principal, same diagnoses with POA, same procedures), and the principal diagnosis matched.
 */
record CodingAccuracy(int dxMatched, int dxUnion, int pxMatched, int pxUnion, boolean recordMatch,
                      boolean principalMatch, List<String> onlyCoder, List<String> onlyReviewer) {

    static CodingAccuracy of(List<CodingReview.Code> coder, List<CodingReview.Code> reviewer) {
        Set<String> dxA = keys(coder, "diagnosis");
        Set<String> dxB = keys(reviewer, "diagnosis");
        Set<String> pxA = keys(coder, "procedure");
        Set<String> pxB = keys(reviewer, "procedure");
        int dxMatched = intersection(dxA, dxB);
        int pxMatched = intersection(pxA, pxB);
        String principalA = principal(coder);
        String principalB = principal(reviewer);
        boolean principal = principalA != null && principalA.equals(principalB);
        boolean record = principal && dxA.equals(dxB) && pxA.equals(pxB);
        return new CodingAccuracy(dxMatched, union(dxA, dxB), pxMatched, union(pxA, pxB), record, principal,
                minus(dxA, pxA, dxB, pxB), minus(dxB, pxB, dxA, pxA));
    }

    /** Matching codes over the union, both types together: 1.0 when both sides coded nothing. */
    double codeAccuracy() {
        int union = dxUnion + pxUnion;
        return union == 0 ? 1.0 : (double) (dxMatched + pxMatched) / union;
    }

    static Set<String> keys(List<CodingReview.Code> codes, String kind) {
        Set<String> out = new LinkedHashSet<>();
        for (CodingReview.Code c : codes) {
            if (!c.kind().equals(kind)) continue;
            out.add(kind.equals("diagnosis") ? c.display() + (c.poa() == null ? "" : " POA " + c.poa())
                    : c.system().name() + " " + c.display());
        }
        return out;
    }

    private static String principal(List<CodingReview.Code> codes) {
        return codes.stream().filter(c -> c.kind().equals("diagnosis") && c.seq() == 1).map(CodingReview.Code::code)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static int intersection(Set<String> a, Set<String> b) {
        return (int) a.stream().filter(b::contains).count();
    }

    private static int union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u.size();
    }

    private static List<String> minus(Set<String> dxA, Set<String> pxA, Set<String> dxB, Set<String> pxB) {
        List<String> out = new java.util.ArrayList<>();
        dxA.stream().filter(k -> !dxB.contains(k)).forEach(out::add);
        pxA.stream().filter(k -> !pxB.contains(k)).forEach(out::add);
        return out;
    }
}
