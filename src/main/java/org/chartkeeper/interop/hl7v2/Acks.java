package org.chartkeeper.interop.hl7v2;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds acknowledgements as text: MSH answering the sender, MSA with the code and the original control id, and for
 * an error an ERR segment naming where (ERR-2, and ERR-1 for 2.3/2.4 receivers), the code of table 0357 (ERR-3), the
 * severity (ERR-4) and the sentence (ERR-8). Control ids are our own ("CK" + start time + counter): nothing is
 * written to the working directory.
 */
final class Acks {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** The second last formatted: answers within one second share it (formatting was a tenth of an answer's cost). */
    private record Second(long epochSecond, String text) {}

    private volatile Second second;

    /** MSH-7 of an answer: yyyyMMddHHmmss.SSS+0000 (UTC). */
    String timestamp(java.time.Instant t) {
        Second c = second;
        if (c == null || c.epochSecond() != t.getEpochSecond()) {
            c = new Second(t.getEpochSecond(), SECOND.format(t));
            second = c;
        }
        int ms = t.getNano() / 1_000_000;
        return c.text() + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + ms + "+0000";
    }

    private final Clock clock;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    Acks(Clock clock) {
        this.clock = clock;
        this.prefix = "CK" + Long.toString(clock.millis(), 36).toUpperCase(java.util.Locale.ROOT);
    }

    String accept(AdtMessage.Header h, String fieldSeparator, String encoding) {
        return ack(h, fieldSeparator.charAt(0), encoding, "AA", null);
    }

    String error(AdtMessage.Header h, String fieldSeparator, String encoding, Hl7Problem p) {
        return ack(h, fieldSeparator.charAt(0), encoding, p.ackCode(), p);
    }

    private String ack(AdtMessage.Header h, char f, String encoding, String code, Hl7Problem p) {
        char c = encoding.charAt(0);
        char sub = encoding.length() > 3 ? encoding.charAt(3) : '&';
        String version = h == null || h.version() == null || !AdtReader.VERSIONS.contains(h.version()) ? "2.5.1" : h.version();
        String event = h == null || h.event() == null ? "" : esc(h.event(), f, encoding);
        StringBuilder b = new StringBuilder(256);
        b.append("MSH").append(f).append(encoding).append(f).append("CHARTKEEPER").append(f).append("CHARTKEEPER").append(f)
                .append(h == null ? "" : esc(h.sendingApplication(), f, encoding)).append(f)
                .append(h == null ? "" : esc(h.sendingFacility(), f, encoding)).append(f)
                .append(timestamp(clock.instant())).append(f).append(f)
                .append("ACK").append(event.isEmpty() ? "" : c + event).append(version.compareTo("2.3.1") > 0 ? c + "ACK" : "")
                .append(f).append(nextControlId()).append(f).append('P').append(f).append(version).append('\r');
        b.append("MSA").append(f).append(code).append(f).append(h == null || h.controlId() == null ? "" : esc(h.controlId(), f, encoding));
        if (p != null) b.append(f).append(esc(clip(p.getMessage(), 80), f, encoding));
        b.append('\r');
        if (p != null) {
            Hl7Location l = p.location();
            String codeText = Hl7Problem.codeText(p.code());
            // ERR-1 (ELD, 2.3/2.4): segment^sequence^field^code&text&HL70357
            String eld = l.segment() + c + l.occurrence() + c + (l.field() > 0 ? l.field() : "") + c
                    + p.code() + sub + codeText + sub + "HL70357";
            b.append("ERR").append(f).append(eld).append(f).append(l.erl().replace('^', c)).append(f)
                    .append(p.code()).append(c).append(codeText).append(c).append("HL70357").append(f)
                    .append('E').append(f).append(f).append(f).append(f)
                    .append(esc(p.getMessage(), f, encoding)).append('\r');
        }
        return b.toString();
    }

    String nextControlId() {
        return prefix + Long.toString(counter.incrementAndGet(), 36).toUpperCase(java.util.Locale.ROOT);
    }

    /** HL7 escapes for text put into a field. */
    static String esc(String s, char f, String encoding) {
        if (s == null) return "";
        char c = encoding.charAt(0), r = encoding.charAt(1), e = encoding.charAt(2);
        char t = encoding.length() > 3 ? encoding.charAt(3) : '&';
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == e) b.append(e).append('E').append(e);
            else if (ch == f) b.append(e).append('F').append(e);
            else if (ch == c) b.append(e).append('S').append(e);
            else if (ch == r) b.append(e).append('R').append(e);
            else if (ch == t) b.append(e).append('T').append(e);
            else if (ch == '\r' || ch == '\n') b.append(' ');
            else b.append(ch);
        }
        return b.toString();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
