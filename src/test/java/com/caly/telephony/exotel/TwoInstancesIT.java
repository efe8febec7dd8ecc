package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.Application;
import com.caly.calls.CallId;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Two instances on one database: a command given to one reaches the live call held by the other. */
class TwoInstancesIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    StreamTokens tokens;

    @Autowired
    LiveCallCommands commands;

    @Test
    void aHandOffGivenToOneInstanceEndsTheStreamOnTheOther() throws Exception {
        ExotelTestLines.Line line =
                ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Two Instances Co");
        TenantFixture.Company company = line.company();
        String exophone = line.exophone();
        String callSid = ExotelTestLines.newCallSid();
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone + "&Direction=incoming";
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + query)
                        .status())
                .isEqualTo(200);

        try (ConfigurableApplicationContext other =
                new SpringApplicationBuilder(Application.class, StandInVoiceAgent.class).run("--server.port=0")) {
            int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            String url = "ws://127.0.0.1:" + otherPort + "/media/exotel?sample-rate=8000&token="
                    + URLEncoder.encode(tokens.issue(callSid, company.id()), StandardCharsets.UTF_8);
            MediaStreamClient exotel = MediaStreamClient.connect(url);
            exotel.connected().start("S1", callSid, "+919845012345", exophone).media("S1", new byte[320], 0);
            Thread.sleep(300);
            assertThat(exotel.closed)
                    .as("the other instance holds the live call")
                    .isNotDone();

            UUID callId = jdbc.sql("select id from calls where provider_call_sid = ?")
                    .param(callSid)
                    .query(UUID.class)
                    .single();
            commands.handOff(company.id(), new CallId(callId), UUID.randomUUID());

            assertThat(exotel.awaitClose()).isEqualTo(1000);
        }
        String after = "CallSid=" + callSid + "&CallTo=" + exophone;
        assertThat(api.get("/webhooks/exotel/after-bot?token=" + guard.token() + "&" + after)
                        .status())
                .isEqualTo(302);
        assertThat(jdbc.sql("select end_reason || ':' || escalated from calls where provider_call_sid = ?")
                        .param(callSid)
                        .query(String.class)
                        .single())
                .isEqualTo("handoff:true");
    }
}
