package org.chartkeeper.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Templates of the administration pages format times with {@code ${@adminFormat.time(t)}} (UTC, to the minute). */
@Component("adminFormat")
public class AdminFormat {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    AdminFormat(Clock clock) {
        this.clock = clock;
    }

    public String time(Instant t) {
        return t == null ? "—" : MINUTES.format(t);
    }

    public Instant now() {
        return clock.instant();
    }

    public boolean past(Instant t) {
        return t != null && !t.isAfter(clock.instant());
    }
}
