package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class UploadBackoffTests {

    private final UploadBackoff backoff = new UploadBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** A generator that always returns the top of the range, to see the exponential part alone. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void doublesWithEachFailureUpToTheCap() {
        assertThat(backoff.afterFailure(1, HIGHEST)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterFailure(2, HIGHEST)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterFailure(3, HIGHEST)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.afterFailure(8, HIGHEST)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.afterFailure(9, HIGHEST)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.afterFailure(1000, HIGHEST)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jittersBetweenHalfAndAllOfTheDelay() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long ms = backoff.afterFailure(3, random).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isBetween(4_000L, 4_100L);
        assertThat(max).isBetween(7_900L, 8_000L);
    }
}
