package org.chartkeeper.patient.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking: only records sharing at least one key are compared, so candidate pairs stay far below n squared while
 * the errors registration makes still share a key. A pair with a typo in the name shares the birth date key; one with
 * a wrong birth date shares a phonetic name key; swapped names share the name key (its codes are sorted); a
 * transposed day and month share the date key (its day and month are sorted).
 *
 * <p>Keys starting with {@link #BROAD} (a phonetic first or last name alone) make big blocks in a big population:
 * they are used only while their block stays under a size limit, where they catch what the others miss (a wrong
 * birth date and a missing name together).
 */
public final class BlockingKeys {

    public static final char BROAD = '~';

    private BlockingKeys() {}

    public static List<String> of(MatchRecord r) {
        List<String> keys = new ArrayList<>(12);
        LocalDate d = r.birthDate();
        if (d != null) {
            int lo = Math.min(d.getMonthValue(), d.getDayOfMonth());
            int hi = Math.max(d.getMonthValue(), d.getDayOfMonth());
            keys.add("d:" + d.getYear() + "-" + lo + "-" + hi);
        }
        String gc = r.givenCode();
        String fc = r.familyCode();
        if (gc != null && fc != null) {
            keys.add("n:" + (gc.compareTo(fc) <= 0 ? gc + "|" + fc : fc + "|" + gc));
        }
        if (d != null) {
            if (fc != null) keys.add("fy:" + fc + "|" + d.getYear());
            if (gc != null) keys.add("gy:" + gc + "|" + d.getYear());
            if (gc != null) keys.add("gm:" + gc + "|" + d.getMonthValue() + "-" + d.getDayOfMonth());
            if (fc != null) keys.add("fm:" + fc + "|" + d.getMonthValue() + "-" + d.getDayOfMonth());
            String place = r.zip() != null ? r.zip() : MatchRecord.code(r.city());
            if (place != null) {
                keys.add("cy:" + place + "|" + d.getYear());
                keys.add("cm:" + place + "|" + d.getMonthValue() + "-" + d.getDayOfMonth());
            }
        }
        if (r.phone() != null) keys.add("p:" + r.phone());
        if (r.email() != null) {
            int at = r.email().indexOf('@');
            keys.add(at > 2 ? "e:" + r.email().substring(0, at) : "e:" + r.email());
        }
        if (r.ssn() != null) keys.add("s:" + r.ssn());
        for (String id : r.identifiers()) keys.add("i:" + id);
        // names alone, either order (a swapped name lands in the other's block)
        if (fc != null) keys.add(BROAD + "w:" + fc);
        if (gc != null && !gc.equals(fc)) keys.add(BROAD + "w:" + gc);
        return keys;
    }

    /** Keys that single out few people in any population: birth date, both names, phone, e-mail, SSN, identifier. */
    public static boolean strong(String key) {
        return key.startsWith("d:") || key.startsWith("n:") || key.startsWith("p:") || key.startsWith("e:")
                || key.startsWith("s:") || key.startsWith("i:") || key.startsWith("cm:");
    }

    public static boolean broad(String key) {
        return key.charAt(0) == BROAD;
    }
}
