package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderFiguresTests {

    // first reported at 10:00:00, ending now at 10:10:00.250
    private static final Instant FIRST_SEEN = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T10:10:00.250Z");

    private final List<ProviderAnomaly> notes = new ArrayList<>();

    @Test
    void believesTimesFromTheLongestCallBeforeTheFirstReportToTwoMinutesAfterNow() {
        assertThat(ProviderFigures.implausible(FIRST_SEEN.minus(Duration.ofHours(4)), FIRST_SEEN, NOW))
                .isNull();
        assertThat(ProviderFigures.implausible(
                        FIRST_SEEN.minus(Duration.ofHours(4)).minusSeconds(1), FIRST_SEEN, NOW))
                .isEqualTo("before_call");
        assertThat(ProviderFigures.implausible(NOW.plusSeconds(120), FIRST_SEEN, NOW))
                .isNull();
        assertThat(ProviderFigures.implausible(NOW.plusSeconds(121), FIRST_SEEN, NOW))
                .isEqualTo("in_future");
        assertThat(ProviderFigures.implausible(Instant.parse("1000-01-01T00:00:00Z"), FIRST_SEEN, NOW))
                .isEqualTo("before_call");
        assertThat(ProviderFigures.implausible(Instant.parse("2099-01-01T00:00:00Z"), FIRST_SEEN, NOW))
                .isEqualTo("in_future");
    }

    @Test
    void aStartMovesOnlyEarlierAndOnlyToABelievableTime() {
        Instant known = FIRST_SEEN;
        assertThat(ProviderFigures.start(known, known.minusSeconds(30), FIRST_SEEN, NOW, notes))
                .isEqualTo(known.minusSeconds(30));
        assertThat(ProviderFigures.start(known, known.plusSeconds(30), FIRST_SEEN, NOW, notes))
                .isEqualTo(known);
        assertThat(ProviderFigures.start(known, null, FIRST_SEEN, NOW, notes)).isEqualTo(known);
        assertThat(notes).isEmpty();

        assertThat(ProviderFigures.start(known, Instant.parse("2099-06-01T04:30:00Z"), FIRST_SEEN, NOW, notes))
                .isEqualTo(known);
        assertThat(notes).containsExactly(new ProviderAnomaly("startedAt", "2099-06-01T04:30:00Z", "in_future", null));
    }

    @Test
    void anEndBeforeTheStartOrUnbelievableIsTheMomentItReachedUs() {
        Instant started = FIRST_SEEN;
        assertThat(ProviderFigures.end(started, started.plusSeconds(95), FIRST_SEEN, NOW, notes))
                .isEqualTo(started.plusSeconds(95));
        assertThat(ProviderFigures.end(started, null, FIRST_SEEN, NOW, notes)).isEqualTo(NOW);
        assertThat(notes).isEmpty();

        assertThat(ProviderFigures.end(started, started.minusSeconds(60), FIRST_SEEN, NOW, notes))
                .isEqualTo(NOW);
        assertThat(ProviderFigures.end(started, Instant.parse("2099-01-01T00:00:00Z"), FIRST_SEEN, NOW, notes))
                .isEqualTo(NOW);
        assertThat(notes)
                .containsExactly(
                        new ProviderAnomaly("endedAt", "2026-12-01T09:59:00Z", "before_start", NOW.toString()),
                        new ProviderAnomaly("endedAt", "2099-01-01T00:00:00Z", "in_future", NOW.toString()));
    }

    @Test
    void anEndIsNeverBeforeAStartTheProviderClockPutAheadOfOurs() {
        Instant ahead = NOW.plusSeconds(90);
        assertThat(ProviderFigures.end(ahead, null, FIRST_SEEN, NOW, notes)).isEqualTo(ahead);
    }

    @Test
    void aDurationIsCutToTheCallsLengthCountingAStartedSecond() {
        Instant started = FIRST_SEEN;
        // 10:00:00 to 10:10:00.250 is 600.25 s: at most 601
        assertThat(ProviderFigures.billableSeconds(125L, started, null, NOW, notes))
                .isEqualTo(125);
        assertThat(ProviderFigures.billableSeconds(601L, started, null, NOW, notes))
                .isEqualTo(601);
        assertThat(notes).isEmpty();
        assertThat(ProviderFigures.billableSeconds(2_147_483_647L, started, null, NOW, notes))
                .isEqualTo(601);
        assertThat(ProviderFigures.billableSeconds(40L, NOW.minusMillis(30), null, NOW, notes))
                .as("a call of 30 ms")
                .isEqualTo(1);
        assertThat(ProviderFigures.billableSeconds(40L, NOW, null, NOW, notes))
                .as("a call that began and ended at once")
                .isZero();
        assertThat(notes).extracting(ProviderAnomaly::used).containsExactly("601", "1", "0");
        assertThat(notes)
                .allMatch(
                        n -> n.field().equals("durationSeconds") && n.problem().equals("longer_than_call"));
    }

    @Test
    void aNegativeOrOverflowingDurationIsAbsentAndTheCallIsBilledFromItsAnswerToItsEnd() {
        Instant started = FIRST_SEEN;
        Instant ended = started.plusSeconds(95);
        assertThat(ProviderFigures.billableSeconds(-5L, started, null, ended, notes))
                .isEqualTo(95);
        assertThat(ProviderFigures.billableSeconds(2_147_483_649L, started, null, ended, notes))
                .isEqualTo(95);
        assertThat(ProviderFigures.billableSeconds(null, started, started.plusSeconds(5), ended, notes))
                .isEqualTo(90);
        assertThat(ProviderFigures.billableSeconds(null, started, ended.plusSeconds(5), ended, notes))
                .as("answered after the provider's end")
                .isZero();
        assertThat(notes)
                .containsExactly(
                        new ProviderAnomaly("durationSeconds", "-5", "negative", null),
                        new ProviderAnomaly("durationSeconds", "2147483649", "out_of_range", null));
    }

    @Test
    void aCallConnectedWithoutTheAgentWasAnsweredItsSecondsBeforeItsEnd() {
        Instant started = FIRST_SEEN;
        assertThat(ProviderFigures.answeredAt(started, started.plusSeconds(100), 90))
                .isEqualTo(started.plusSeconds(10));
        assertThat(ProviderFigures.answeredAt(started, started.plusSeconds(100), 101))
                .isEqualTo(started);
    }
}
