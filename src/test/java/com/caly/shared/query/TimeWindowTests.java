package com.caly.shared.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimeWindowTests {

    @Test
    void boundsOfTheFirstAndLastYearsStayReachableInEveryZone() {
        for (ZoneId zone : new ZoneId[] {ZoneOffset.MAX, ZoneOffset.MIN, ZoneId.of("Pacific/Kiritimati")}) {
            assertThat(TimeWindow.reachable(TimeWindow.parse("0001-01-01", zone, false)))
                    .isTrue();
            assertThat(TimeWindow.reachable(TimeWindow.parse("9999-12-31", zone, true)))
                    .isTrue();
        }
        assertThat(TimeWindow.reachable(TimeWindow.parse("9999-12-31T23:59:59.999999999-18:00", ZoneOffset.UTC, false)))
                .isTrue();
        assertThat(TimeWindow.EARLIEST).isEqualTo(Instant.parse("0000-12-31T06:00:00Z"));
        assertThat(TimeWindow.LATEST).isEqualTo(Instant.parse("+10000-01-01T18:00:00Z"));
    }

    @Test
    void refusesBoundsWrittenInOtherYearsAndTellsThemFromMalformedOnes() {
        for (String value : new String[] {
            "0000-12-31", "+10000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "-200000-01-01T00:00:00Z"
        }) {
            assertThatThrownBy(() -> TimeWindow.parse(value, ZoneOffset.UTC, false))
                    .as(value)
                    .isInstanceOf(TimeWindow.YearOutOfRange.class);
        }
        assertThatThrownBy(() -> TimeWindow.parse("2026-13-01", ZoneOffset.UTC, false))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aCursorOutsideTheReachableYearsIsNotOne() {
        assertThat(TimeWindow.reachable(Instant.parse("0000-12-31T05:59:59Z"))).isFalse();
        assertThat(TimeWindow.reachable(Instant.parse("+10000-01-01T18:00:01Z")))
                .isFalse();
        assertThat(TimeWindow.reachable(Instant.parse("2026-11-01T00:00:00Z"))).isTrue();
    }
}
