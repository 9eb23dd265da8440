package org.chartkeeper.web;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an unexpected failure without its messages: exception messages (a database's constraint error, say) can carry
 * patient data, so the log gets the exception types and stack frames and an incident id that the error page shows.
 */
public final class IncidentLog {

    private static final Logger log = LoggerFactory.getLogger(IncidentLog.class);

    private IncidentLog() {}

    /** Logs the failure and returns the incident id to show the user. */
    public static String record(String method, String path, Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Incident {} on {} {}:\n{}", id, method, stripQuery(path), describe(e));
        return id;
    }

    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
            b.append(depth == 0 ? "" : "Caused by: ").append(t.getClass().getName()).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 12); i++) b.append("\tat ").append(frames[i]).append('\n');
        }
        return b.toString();
    }

    private static String stripQuery(String path) {
        int q = path == null ? -1 : path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
