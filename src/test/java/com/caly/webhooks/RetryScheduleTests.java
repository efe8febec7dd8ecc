package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1));

    @Test
    void doublesFromTheBaseWithUpToHalfTakenOffAtRandom() {
        assertThat(schedule.after(1, 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.after(1, 0.999999)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5001));
        assertThat(schedule.after(2, 0.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.after(3, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.after(9, 0.0)).isEqualTo(Duration.ofSeconds(2560));
    }

    @Test
    void neverWaitsMoreThanTheCapHoweverManyAttempts() {
        assertThat(schedule.after(10, 0.0)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.after(64, 0.0)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.after(Integer.MAX_VALUE, 0.0)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.after(Integer.MAX_VALUE, 0.99)).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void retriesForADayInAboutThirtyTwoAttempts() {
        Duration total = Duration.ZERO;
        int attempts = 0;
        while (total.compareTo(Duration.ofDays(1)) < 0) {
            attempts++;
            total = total.plus(schedule.after(attempts, 0.0));
        }
        // 10 s doubling to 2,560 s in 9 waits (about 85 min), then hourly: 32 waits fill the day
        assertThat(attempts).isEqualTo(32);
    }
}
