package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.telephony.TelephonyProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class ExotelSetupLogTests {

    private static final String SECRET = "a-session-secret-of-forty-characters-0123";

    @Test
    void printsTheUrlsWithTheDerivedTokenOutsideProduction(CapturedOutput output) {
        ExotelWebhookGuard guard = new ExotelWebhookGuard(properties(null));
        new ExotelSetupLog(new ExotelSetup(properties(null), guard), new MockEnvironment())
                .serverStarted(started(8085));

        assertThat(output.getOut())
                .contains("webhook token      " + guard.token())
                .contains("http://localhost:8085/webhooks/exotel/call-start?token=" + guard.token())
                .contains("http://localhost:8085/webhooks/exotel/stream-url?token=" + guard.token())
                .contains("http://localhost:8085/webhooks/exotel/call-end?token=" + guard.token())
                .contains("ws://EXOTEL_SID:EXOTEL_TOKEN@localhost:8085/media/exotel?sample-rate=8000")
                .contains("WEBHOOK_BASE_URL is not set");
    }

    @Test
    void usesThePublicBaseUrlWhenSet(CapturedOutput output) {
        TelephonyProperties properties = properties("https://calls.example.com/");
        ExotelWebhookGuard guard = new ExotelWebhookGuard(properties);
        new ExotelSetupLog(new ExotelSetup(properties, guard), new MockEnvironment()).serverStarted(started(8085));

        assertThat(output.getOut())
                .contains("https://calls.example.com/webhooks/exotel/call-start?token=" + guard.token())
                .contains("wss://EXOTEL_SID:EXOTEL_TOKEN@calls.example.com/media/exotel?sample-rate=8000")
                .doesNotContain("localhost:8085")
                .doesNotContain("WEBHOOK_BASE_URL is not set");
    }

    @Test
    void printsNothingInProduction(CapturedOutput output) {
        TelephonyProperties properties = properties("https://calls.example.com");
        ExotelWebhookGuard guard = new ExotelWebhookGuard(properties);
        MockEnvironment production = new MockEnvironment().withProperty("NODE_ENV", "production");
        new ExotelSetupLog(new ExotelSetup(properties, guard), production).serverStarted(started(8085));

        assertThat(output.getOut()).doesNotContain("Exotel URLs").doesNotContain(guard.token());
    }

    private static TelephonyProperties properties(String base) {
        return new TelephonyProperties(
                "91",
                new TelephonyProperties.Exotel("sid", "token", null, List.of(), null),
                SECRET,
                base,
                10,
                3_200,
                new TelephonyProperties.WebCall(java.time.Duration.ofSeconds(60), List.of()));
    }

    private static WebServerInitializedEvent started(int port) {
        WebServer server = new WebServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}

            @Override
            public int getPort() {
                return port;
            }
        };
        return new WebServerInitializedEvent(server) {
            @Override
            public WebServerApplicationContext getApplicationContext() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
