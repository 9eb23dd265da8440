package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The candidate query's IN list is padded to a power of two: a few texts, each planned once per connection. */
class CandidateQueryTextsTest {

    @Test
    void every_chunk_size_gets_a_list_at_least_as_long_and_less_than_twice_as_long_from_eleven_lengths() {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int n = 1; n <= 1024; n++) {
            int bucket = MatchRepository.bucket(n);
            assertThat(bucket).as("ids %d", n).isGreaterThanOrEqualTo(n).isLessThan(Math.max(2, 2 * n));
            assertThat(Integer.bitCount(bucket)).as("a power of two for %d", n).isEqualTo(1);
            lengths.add(bucket);
        }
        assertThat(lengths).hasSize(11).first().isEqualTo(1);
        assertThat(lengths.last()).isEqualTo(1024);
    }
}
