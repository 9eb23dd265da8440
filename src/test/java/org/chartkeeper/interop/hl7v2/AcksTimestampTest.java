package org.chartkeeper.interop.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** An answer's MSH-7 is the time in UTC to the millisecond, as HL7's DTM: yyyyMMddHHmmss.SSS+0000. */
class AcksTimestampTest {

    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneOffset.UTC);

    @Test
    void the_answer_time_is_written_as_the_formatter_writes_it_across_milliseconds_and_seconds() {
        Acks acks = new Acks(Clock.systemUTC());
        Instant start = Instant.parse("2026-12-31T23:59:58.990Z");
        for (long ms = 0; ms < 2_100; ms += 7) {
            Instant t = start.plusMillis(ms).plusNanos(123_456);
            assertThat(acks.timestamp(t)).as("at %s", t).isEqualTo(DTM.format(t));
        }
        for (int ms : new int[] {0, 5, 10, 99, 100, 999}) {
            Instant t = Instant.parse("2026-01-10T10:15:00Z").plusMillis(ms);
            assertThat(acks.timestamp(t)).isEqualTo(DTM.format(t));
        }
    }
}
