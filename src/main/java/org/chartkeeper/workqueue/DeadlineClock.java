package org.chartkeeper.workqueue;

import java.time.Duration;
import java.time.Instant;

/** The deadline clock every queue screen shows: "overdue by 3 h", "due in 5 h", "due in 2 d". */
final class DeadlineClock {

    private DeadlineClock() {}

    static boolean overdue(Instant due, WorkItemStatus status, Instant now) {
        return status.active() && due.isBefore(now);
    }

    static String describe(Instant due, WorkItemStatus status, Instant now) {
        if (!status.active()) return status.label().toLowerCase(java.util.Locale.ROOT);
        Duration d = Duration.between(now, due);
        if (d.isNegative()) return "overdue by " + amount(d.negated());
        return "due in " + amount(d);
    }

    /** Minutes under an hour, hours under two days, days beyond; rounded down, never "0 min". */
    static String amount(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) return Math.max(1, minutes) + " min";
        long hours = d.toHours();
        if (hours < 48) return hours + " h";
        return d.toDays() + " d";
    }
}
