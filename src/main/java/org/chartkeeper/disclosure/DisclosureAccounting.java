package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A patient's accounting of disclosures (45 CFR 164.528): the disclosures in the 6 years before the request (or the
 * shorter period asked for), without the exempt ones and without those to an agency whose suspension is in effect,
 * repeated disclosures to one recipient for one purpose summarized.
 */
public record DisclosureAccounting(long patientId, LocalDate from, LocalDate to, List<AccountingEntry> entries,
                                   int disclosures, int exempted, int suspended, List<Suspension> suspensions) {

    public static final int YEARS = 6;

    /** The first day an accounting requested on {@code requestedOn} may cover. */
    public static LocalDate earliest(LocalDate requestedOn) {
        return requestedOn.minusYears(YEARS);
    }

    /** The period covered: from the later of {@code askedFrom} and 6 years back, to the day of the request. */
    public static LocalDate from(LocalDate requestedOn, LocalDate askedFrom) {
        LocalDate earliest = earliest(requestedOn);
        return askedFrom == null || askedFrom.isBefore(earliest) ? earliest : askedFrom;
    }

    public static DisclosureAccounting of(long patientId, List<Disclosure> onFile, List<Suspension> suspensions,
                                          LocalDate requestedOn, LocalDate askedFrom) {
        return of(patientId, onFile, suspensions, requestedOn, askedFrom, requestedOn);
    }

    /**
     * The accounting of a request made on {@code requestedOn}: the disclosures of the 6 years before that date (or
     * from {@code askedFrom}) through it, whenever it is prepared; the agencies' suspensions in effect on
     * {@code preparedOn} (the day the accounting is given) are honored.
     */
    public static DisclosureAccounting of(long patientId, List<Disclosure> onFile, List<Suspension> suspensions,
                                          LocalDate requestedOn, LocalDate askedFrom, LocalDate preparedOn) {
        LocalDate from = from(requestedOn, askedFrom);
        List<Suspension> active = suspensions.stream().filter(s -> s.inEffectOn(preparedOn)).toList();
        int exempted = 0;
        int suspended = 0;
        int counted = 0;
        Map<String, List<Disclosure>> byRecipient = new LinkedHashMap<>();
        for (Disclosure d : onFile.stream().sorted(Comparator.comparing(Disclosure::disclosedOn)
                .thenComparing(Disclosure::id)).toList()) {
            if (d.disclosedOn().isBefore(from) || d.disclosedOn().isAfter(requestedOn)) continue;
            if (d.category().exempt()) {
                exempted++;
            } else if (active.stream().anyMatch(s -> s.covers(d))) {
                suspended++;
            } else {
                counted++;
                byRecipient.computeIfAbsent(key(d.recipientName()) + "|" + key(d.purpose()) + "|" + d.category(),
                        k -> new ArrayList<>()).add(d);
            }
        }
        List<AccountingEntry> entries = new ArrayList<>();
        for (List<Disclosure> group : byRecipient.values()) {
            Disclosure first = group.getFirst();
            entries.add(new AccountingEntry(first.disclosedOn(), first.recipientName(), first.recipientAddress(),
                    first.description(), first.purpose(), first.category().label(), group.size(),
                    group.getLast().disclosedOn()));
        }
        entries.sort(Comparator.comparing(AccountingEntry::disclosedOn));
        return new DisclosureAccounting(patientId, from, requestedOn, List.copyOf(entries), counted, exempted, suspended,
                active);
    }

    static boolean sameRecipient(String a, String b) {
        return key(a).equals(key(b));
    }

    private static String key(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
