package com.caly.shared.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LivePropertiesTests {

    @Test
    void takesOneLoopPerTwoCoresAndAtLeastOneUnlessTold() {
        LiveProperties auto = new LiveProperties(LiveTransport.Choice.AUTO, 0);
        assertThat(auto.threads(1)).isEqualTo(1);
        assertThat(auto.threads(2)).isEqualTo(1);
        assertThat(auto.threads(3)).isEqualTo(1);
        assertThat(auto.threads(8)).isEqualTo(4);
        assertThat(new LiveProperties(LiveTransport.Choice.AUTO, 3).threads(2)).isEqualTo(3);
    }
}
