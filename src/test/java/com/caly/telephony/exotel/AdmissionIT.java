package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/** Beyond its live-call limit an instance refuses new calls cleanly, and takes them again once there is room. */
@Import(StandInVoiceAgent.class)
@TestPropertySource(properties = "app.telephony.max-live-calls=1")
class AdmissionIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    MeterRegistry meters;

    private String query(String callSid, String exophone) {
        return "token=" + guard.token() + "&CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone
                + "&Direction=incoming";
    }

    @Test
    void refusesTheCallBeyondTheLimitAndTakesCallsAgainOnceOneEnds() throws Exception {
        String exophone = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Busy Co")
                .exophone();
        String first = ExotelTestLines.newCallSid();
        assertThat(api.get("/webhooks/exotel/call-start?" + query(first, exophone))
                        .status())
                .isEqualTo(200);
        String url = api.get("/webhooks/exotel/stream-url?" + query(first, exophone))
                .json()
                .path("url")
                .asString();
        MediaStreamClient live = MediaStreamClient.connect(url);
        live.connected().start("S1", first, "+919845012345", exophone).media("S1", new byte[320], 0);
        Thread.sleep(200);
        assertThat(live.closed).isNotDone();
        double refusedBefore = meters.get("caly.calls.refused").counter().count();

        String second = ExotelTestLines.newCallSid();
        assertThat(api.get("/webhooks/exotel/call-start?" + query(second, exophone))
                        .status())
                .as("the flow's fallback branch: a person")
                .isEqualTo(302);
        assertThat(jdbc.sql("select end_reason from calls where provider_call_sid = ?")
                        .param(second)
                        .query(String.class)
                        .single())
                .isEqualTo("at_capacity");
        String secondUrl = api.get("/webhooks/exotel/stream-url?" + query(second, exophone))
                .json()
                .path("url")
                .asString();
        Throwable refused = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(secondUrl), new MediaStreamClient())
                .handle((socket, error) -> error)
                .join();
        assertThat(refused).isNotNull();
        assertThat(refused).hasStackTraceContaining("status code 503");
        assertThat(meters.get("caly.calls.refused").counter().count()).isEqualTo(refusedBefore + 2);
        assertThat(live.closed).as("the live call is untouched").isNotDone();

        live.stop("S1", first);
        assertThat(live.awaitClose()).isEqualTo(1000);
        String third = ExotelTestLines.newCallSid();
        Thread.sleep(200); // the ended session leaves the registry as its socket closes
        assertThat(api.get("/webhooks/exotel/call-start?" + query(third, exophone))
                        .status())
                .isEqualTo(200);
    }
}
