package com.caly.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallUsageMeterTests {

    @Test
    void countsStartedPulses() {
        assertThat(CallUsageMeter.pulses(0, 60)).isZero();
        assertThat(CallUsageMeter.pulses(1, 60)).isEqualTo(1);
        assertThat(CallUsageMeter.pulses(60, 60)).isEqualTo(1);
        assertThat(CallUsageMeter.pulses(61, 60)).isEqualTo(2);
        assertThat(CallUsageMeter.pulses(3599, 60)).isEqualTo(60);
        assertThat(CallUsageMeter.pulses(-5, 60)).isZero();
    }
}
