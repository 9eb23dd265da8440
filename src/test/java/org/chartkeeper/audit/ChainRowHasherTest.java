package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ChainRowHasherTest {

    private static long micros(String pgText) {
        return ChainRowHasher.parseTimestamp(pgText.getBytes(StandardCharsets.US_ASCII));
    }

    private static long expected(String iso) {
        var i = OffsetDateTime.parse(iso).toInstant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    @Test
    void postgres_timestamp_text_converts_to_the_same_microseconds_as_java_time() {
        assertThat(micros("2026-01-31 08:00:00.123456+00")).isEqualTo(expected("2026-01-31T08:00:00.123456Z"));
        assertThat(micros("2026-01-31 08:00:00.12+00")).isEqualTo(expected("2026-01-31T08:00:00.120Z"));
        assertThat(micros("2026-01-31 08:00:00+00")).isEqualTo(expected("2026-01-31T08:00:00Z"));
        assertThat(micros("2026-01-31 13:30:00.5+05:30")).isEqualTo(expected("2026-01-31T13:30:00.5+05:30"));
        assertThat(micros("1969-12-31 23:59:59.999999-01")).isEqualTo(expected("1969-12-31T23:59:59.999999-01:00"));
    }

    @Test
    void unusual_timestamp_text_is_left_to_the_driver() {
        assertThat(micros("12026-01-31 08:00:00+00")).isEqualTo(Long.MIN_VALUE);
        assertThat(micros("2026-01-31 08:00:00+00 BC")).isEqualTo(Long.MIN_VALUE);
        assertThat(micros("2026-01-31T08:00:00Z")).isEqualTo(Long.MIN_VALUE);
    }
}
