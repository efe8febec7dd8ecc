package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.recordings.RecordingTestAccess;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A whole call played by the call simulator: webhooks, stream, stop, call-end, charge and recording. */
@Import(StandInVoiceAgent.class)
class WholeCallIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    @Autowired
    ApplicationContext context;

    @Test
    void leavesAFinalCallAChargeAndARecordingAsLongAsWhatWasStreamed() throws Exception {
        ExotelTestLines.Line line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Whole Call Co");
        TenantFixture.Company company = line.company();
        String exophone = line.exophone();
        StandInVoiceAgent.heard.set(0);

        CallSimulator.Result call = new CallSimulator("http://127.0.0.1:" + port, guard.token())
                .call("09845012345", exophone, CallSimulator.tone(8000, 3.0), 8000, true);

        assertThat(call.callStartStatus()).isEqualTo(200);
        assertThat(call.closeCode()).isEqualTo(1000);
        assertThat(call.callEndStatus()).isEqualTo(200);
        assertThat(call.agentAudio())
                .as("the agent's one second, in whole chunks")
                .hasSize(16_000);
        assertThat(StandInVoiceAgent.heard.get())
                .as("the simulator echoed the marks as the audio played, so the agent knows all of it was heard")
                .isEqualTo(16_000);
        var row = jdbc.sql("select status, duration_seconds, company_id::text from calls where provider_call_sid = ?")
                .param(call.callSid())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)})
                .single();
        assertThat(row[0]).isEqualTo("completed");
        assertThat(row[1]).isEqualTo(3);
        assertThat(row[2]).isEqualTo(company.id().toString());

        BigDecimal charge = ExotelTestLines.await(
                () -> jdbc.sql(
                                "select amount from call_charges c join calls k on k.id = c.call_id where k.provider_call_sid = ? and c.category = 'telephony'")
                        .param(call.callSid())
                        .query(BigDecimal.class)
                        .optional()
                        .orElse(null),
                java.util.Objects::nonNull,
                java.time.Duration.ofSeconds(10));
        assertThat(charge).isEqualByComparingTo("0.60");

        RecordingTestAccess.drainUploads(context);
        var recording = jdbc.sql("select recording_url, recording_duration_ms from calls where provider_call_sid = ?")
                .param(call.callSid())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .single();
        assertThat((String) recording[0]).startsWith("recordings/" + company.id() + "/");
        // three seconds streamed; the MP3 adds the encoder's delay and one empty frame (about 0.3 s at 8 kHz)
        assertThat((Long) recording[1]).isBetween(3_000L, 3_350L);

        // the storage share: the MP3's GB for Wasabi's 90-day minimum at 6.99 USD per TB-month, 88 INR per USD
        long bytes = jdbc.sql("select recording_bytes from calls where provider_call_sid = ?")
                .param(call.callSid())
                .query(Long.class)
                .single();
        String storage = ExotelTestLines.await(
                () -> jdbc.sql("""
                                select c.unit || ' ' || c.quantity || ' ' || c.unit_price || ' ' || c.amount
                                from call_charges c join calls k on k.id = c.call_id
                                where k.provider_call_sid = ? and c.category = 'storage'""")
                        .param(call.callSid())
                        .query(String.class)
                        .optional()
                        .orElse(""),
                text -> !text.isEmpty(),
                java.time.Duration.ofSeconds(10));
        BigDecimal gbMonths = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(1_000_000_000L))
                .multiply(BigDecimal.valueOf(3));
        assertThat(storage)
                .isEqualTo("gb_month " + gbMonths.setScale(3, java.math.RoundingMode.UP) + " 0.615120 "
                        + gbMonths.multiply(new BigDecimal("0.61512")).setScale(4, java.math.RoundingMode.HALF_UP));
    }
}
