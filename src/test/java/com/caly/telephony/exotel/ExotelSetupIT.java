package com.caly.telephony.exotel;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import com.caly.tenants.TenantService;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** GET /api/exotel/setup: the URLs a company's owners and admins paste into Exotel, and that they work as given. */
@Import(StandInVoiceAgent.class)
class ExotelSetupIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    ExotelWebhookGuard guard;

    private ExotelTestLines.Line line;

    @BeforeEach
    void companyWithANumber() {
        line = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Setup Co");
    }

    @Test
    void ownersAndAdminsGetTheirUrlsAndMembersAndStrangersDoNot() {
        JsonNode owner = setup(line.company().owner().bearer());
        JsonNode admin = setup(line.company().admin().bearer());
        assertThat(admin).isEqualTo(owner);

        String base = "http://127.0.0.1:" + port;
        String token = owner.path("webhookToken").asString();
        assertThat(owner.path("baseUrl").asString())
                .as("WEBHOOK_BASE_URL is unset in the tests: the address the request came to")
                .isEqualTo(base);
        assertThat(owner.path("baseUrlConfigured").asBoolean()).isFalse();
        assertThat(token).isNotEqualTo(guard.token());
        assertThat(owner.path("callStart").asString()).isEqualTo(base + "/webhooks/exotel/call-start?token=" + token);
        assertThat(owner.path("voicebotUrl").asString()).isEqualTo(base + "/webhooks/exotel/stream-url?token=" + token);
        assertThat(owner.path("afterBot").asString()).isEqualTo(base + "/webhooks/exotel/after-bot?token=" + token);
        assertThat(owner.path("callEnd").asString()).isEqualTo(base + "/webhooks/exotel/call-end?token=" + token);
        assertThat(owner.path("recording").asString()).isEqualTo(base + "/webhooks/exotel/recording?token=" + token);
        assertThat(owner.path("staticStreamUrl").asString())
                .isEqualTo("ws://EXOTEL_SID:EXOTEL_TOKEN@127.0.0.1:" + port + "/media/exotel?sample-rate=8000");

        ApiClient.Response member = api.get(
                "/api/exotel/setup", "Authorization", line.company().member().bearer());
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.problemType()).isEqualTo("forbidden");
        assertThat(api.get("/api/exotel/setup").status()).isEqualTo(401);
    }

    @Test
    void theGivenUrlsCarryACallThroughAndAreGoodOnlyForTheCompanysOwnCalls() throws Exception {
        JsonNode urls = setup(line.company().owner().bearer());
        String callSid = ExotelTestLines.newCallSid();
        String call = "&CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + line.exophone();
        assertThat(get(urls.path("callStart").asString() + call)).isEqualTo(200);
        ApiClient.Response streamUrl = api.get(path(urls.path("voicebotUrl").asString() + call));
        assertThat(streamUrl.status()).isEqualTo(200);
        MediaStreamClient exotel =
                MediaStreamClient.connect(streamUrl.json().path("url").asString());
        exotel.connected().start("S1", callSid, "+919845012345", line.exophone());
        exotel.media("S1", new byte[320], 0).stop("S1", callSid);
        assertThat(exotel.awaitClose()).isEqualTo(1000);
        assertThat(get(urls.path("afterBot").asString() + call)).isEqualTo(200);
        assertThat(get(urls.path("callEnd").asString() + call + "&Status=completed&DialCallDuration=12&StartTime="
                        + startedMinuteAgo()))
                .isEqualTo(200);
        assertThat(callRow(callSid)).isEqualTo(List.of(line.company().id().toString(), "completed", "12"));

        // the static form works once the account's key and token are written in
        String staticUrl = urls.path("staticStreamUrl").asString().replace("EXOTEL_SID:EXOTEL_TOKEN@", "");
        String staticSid = ExotelTestLines.newCallSid();
        MediaStreamClient overStatic = MediaStreamClient.connect(
                staticUrl, "Authorization", StaticStreamUrlIT.basic(StaticStreamUrlIT.ACCOUNT));
        overStatic.connected().start("S2", staticSid, "+919845012345", line.exophone());
        overStatic.stop("S2", staticSid);
        assertThat(overStatic.awaitClose()).isEqualTo(1000);
        assertThat(callRow(staticSid).get(0)).isEqualTo(line.company().id().toString());

        // another company's number and call: refused with this company's token, nothing changed
        ExotelTestLines.Line other = ExotelTestLines.companyWithNumber(tenants, passwordEncoder, api, "Other Setup Co");
        String othersSid = ExotelTestLines.newCallSid();
        String othersCall = "CallSid=" + othersSid + "&CallFrom=09845012345&CallTo=" + other.exophone();
        assertThat(api.get("/webhooks/exotel/call-start?token=" + guard.token() + "&" + othersCall)
                        .status())
                .isEqualTo(200);
        List<String> before = callRow(othersSid);
        String updatedBefore = updatedAt(othersSid);
        for (String url : List.of("callStart", "voicebotUrl", "afterBot", "callEnd", "recording")) {
            String given = urls.path(url).asString() + "&" + othersCall
                    + "&Status=completed&DialCallDuration=3600&RecordingUrl=https://example.com/r.mp3";
            assertThat(get(given)).as(url).isEqualTo(403);
        }
        // a new call to the other company's number cannot be reported with it either
        String forged = ExotelTestLines.newCallSid();
        assertThat(get(urls.path("callStart").asString() + "&CallSid=" + forged + "&CallTo=" + other.exophone()))
                .isEqualTo(403);
        assertThat(callRow(othersSid)).isEqualTo(before);
        assertThat(updatedAt(othersSid)).isEqualTo(updatedBefore);
        assertThat(jdbc.sql("select count(*) from calls where provider_call_sid = ?")
                        .param(forged)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from webhook_events where call_sid in (?, ?) and event <> 'call-start'")
                        .param(othersSid)
                        .param(forged)
                        .query(Long.class)
                        .single())
                .isZero();

        // a forged company token is no token
        String forgedToken = urls.path("webhookToken").asString();
        forgedToken = forgedToken.substring(0, forgedToken.length() - 1) + (forgedToken.endsWith("0") ? "1" : "0");
        assertThat(api.get("/webhooks/exotel/call-start?token=" + forgedToken + call)
                        .status())
                .isEqualTo(403);
    }

    private JsonNode setup(String bearer) {
        ApiClient.Response response = api.get("/api/exotel/setup", "Authorization", bearer);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private int get(String url) {
        return api.get(path(url)).status();
    }

    /** The path and query of a full URL, for the test's client (which adds its own base). */
    private static String path(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private List<String> callRow(String callSid) {
        return jdbc.sql(
                        "select company_id::text, status, coalesce(duration_seconds::text, '-') from calls where provider_call_sid = ?")
                .param(callSid)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .single();
    }

    private String updatedAt(String callSid) {
        return jdbc.sql("select updated_at::text from calls where provider_call_sid = ?")
                .param(callSid)
                .query(String.class)
                .single();
    }

    /** A start a minute back, in Exotel's form: a 12-second duration fits the call's length only with it. */
    private static String startedMinuteAgo() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'%20'HH:mm:ss")
                .withZone(java.time.ZoneId.of("Asia/Kolkata"))
                .format(java.time.Instant.now().minusSeconds(60))
                .replace(":", "%3A");
    }
}
