package com.caly.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class TelephonyPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TelephonyProperties.class)
    static class Settings {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues(
                    "app.telephony.default-country-code=91",
                    "app.telephony.session-secret=session-secret-0123456789-abcdefghij",
                    "app.telephony.max-live-calls=10",
                    "app.telephony.exotel.sid=AC1");

    @Test
    void takesAPlaybackChunkOfWholeFramesWithinExotelsLimits() {
        for (int bytes : new int[] {320, 640, 1_600, 3_200, 102_400}) {
            context.withPropertyValues("app.telephony.playback-chunk-bytes=" + bytes)
                    .run(started -> assertThat(
                                    started.getBean(TelephonyProperties.class).playbackChunkBytes())
                            .isEqualTo(bytes));
        }
    }

    @Test
    void refusesAPlaybackChunkOfPartFramesOrBeyondTheLimits() {
        for (int bytes : new int[] {0, 160, 1_000, 3_201, 102_720}) {
            context.withPropertyValues("app.telephony.playback-chunk-bytes=" + bytes)
                    .run(started -> assertThat(started)
                            .as("%d bytes", bytes)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("playbackChunk")
                            .hasMessageNotContaining("field 'exotel'"));
        }
    }
}
