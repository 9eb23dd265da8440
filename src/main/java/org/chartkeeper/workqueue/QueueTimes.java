package org.chartkeeper.workqueue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Templates show times as {@code ${@queueTimes.utc(item.dueAt)}}: UTC, to the minute. */
@Component("queueTimes")
class QueueTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String utc(Instant t) {
        return t == null ? "" : FORMAT.format(t);
    }
}
