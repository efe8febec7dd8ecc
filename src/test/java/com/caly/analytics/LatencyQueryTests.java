package com.caly.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyQueryTests {

    private static TreeMap<Integer, Long> counts(int... values) {
        TreeMap<Integer, Long> counts = new TreeMap<>();
        for (int value : values) {
            counts.merge(value, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void takesTheFirstValueWhoseRankReachesTheFraction() {
        TreeMap<Integer, Long> six = counts(1_000, 500, 900, 600, 800, 700);
        assertThat(LatencyQuery.nearestRank(six, 0.5)).isEqualTo(700);
        assertThat(LatencyQuery.nearestRank(six, 0.95)).isEqualTo(1_000);
        assertThat(LatencyQuery.nearestRank(counts(400), 0.5)).isEqualTo(400);
        assertThat(LatencyQuery.nearestRank(counts(400), 0.95)).isEqualTo(400);
    }

    @Test
    void countsRepeatedValuesByTheirNumber() {
        TreeMap<Integer, Long> counts = new TreeMap<>();
        counts.put(300, 7L);
        counts.put(900, 3L);
        assertThat(LatencyQuery.nearestRank(counts, 0.5)).isEqualTo(300);
        assertThat(LatencyQuery.nearestRank(counts, 0.7)).isEqualTo(300);
        assertThat(LatencyQuery.nearestRank(counts, 0.71)).isEqualTo(900);
    }

    @Test
    void agreesWithPostgresOnTwentyValues() {
        // select percentile_disc(0.95) within group (order by x) from generate_series(10, 200, 10) x: 190
        int[] twenty = new int[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = (i + 1) * 10;
        }
        assertThat(LatencyQuery.nearestRank(counts(twenty), 0.95)).isEqualTo(190);
        assertThat(LatencyQuery.nearestRank(counts(twenty), 0.5)).isEqualTo(100);
    }
}
