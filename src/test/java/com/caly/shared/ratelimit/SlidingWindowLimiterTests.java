package com.caly.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTests {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @Test
    void allowsUpToTheLimitThenSaysHowLongToWait() {
        ManualClock clock = new ManualClock();
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, Duration.ofMinutes(1), clock);
        assertThat(limiter.tryAcquire("ip")).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("ip")).isZero();
        assertThat(limiter.tryAcquire("ip")).isZero();

        assertThat(limiter.tryAcquire("ip")).isEqualTo(Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("other")).isZero();

        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("ip")).isZero();
        assertThat(limiter.tryAcquire("ip")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void recordsFailuresSeparatelyFromChecks() {
        ManualClock clock = new ManualClock();
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, Duration.ofMinutes(15), clock);
        assertThat(limiter.retryAfter("a")).isZero();
        limiter.record("a");
        assertThat(limiter.retryAfter("a")).isZero();
        limiter.record("a");
        assertThat(limiter.retryAfter("a")).isEqualTo(Duration.ofMinutes(15));
        limiter.reset("a");
        assertThat(limiter.retryAfter("a")).isZero();
    }

    @Test
    void forgetsEventsOnceTheWindowHasPassed() {
        ManualClock clock = new ManualClock();
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, Duration.ofSeconds(30), clock);
        limiter.record("k");
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.retryAfter("k")).isZero();
    }
}
