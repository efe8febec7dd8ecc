package com.caly.voice;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Per-turn latencies as Prometheus histograms. */
@Component
class VoiceMetrics {

    private final Timer voiceToVoice;
    private final Timer model;
    private final Timer server;

    VoiceMetrics(MeterRegistry registry) {
        this.voiceToVoice = timer(registry, "caly.voice.reply", "caller speech end to first agent audio sent");
        this.model = timer(registry, "caly.voice.model", "response.create to the model's first audio");
        this.server = timer(registry, "caly.voice.server", "time this server adds to a reply");
    }

    private static Timer timer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    void turn(long voiceToVoiceMs, long modelMs, long serverMs) {
        voiceToVoice.record(Duration.ofMillis(Math.max(0, voiceToVoiceMs)));
        model.record(Duration.ofMillis(Math.max(0, modelMs)));
        server.record(Duration.ofMillis(Math.max(0, serverMs)));
    }
}
