package com.caly.voice;

import com.caly.support.ApiClient;
import com.caly.telephony.exotel.ExotelCallerSide;
import com.caly.telephony.exotel.ExotelTestLines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A caller on Exotel's side of a Voicebot stream, for the voice agent's tests: dials (call-start, stream URL,
 * connected, start), speaks tones in 20 ms frames in real time (the fake model hears their pitch as words), and
 * sees what the agent sends back, with Exotel's playback and mark echoes simulated.
 */
final class PhoneCall {

    final String callSid = ExotelTestLines.newCallSid();
    final ExotelCallerSide exotel;
    final long startedNanos;
    private final WebSocket socket;
    private final String streamSid;
    private final int rate;
    private int frame;
    private double phase;

    private PhoneCall(ApiClient api, String token, String exophone, int rate) throws Exception {
        this.rate = rate;
        this.streamSid = "ST" + callSid;
        String query = "CallSid=" + callSid + "&CallFrom=09845012345&CallTo=" + exophone
                + "&Direction=incoming&sample-rate=" + rate;
        ApiClient.Response started = api.get("/webhooks/exotel/call-start?token=" + token + "&" + query);
        if (started.status() != 200) {
            throw new IllegalStateException("call-start answered " + started.status());
        }
        String url = api.get("/webhooks/exotel/stream-url?token=" + token + "&" + query)
                .json()
                .path("url")
                .asString();
        exotel = new ExotelCallerSide(rate, true);
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(url), exotel)
                .get(10, TimeUnit.SECONDS);
        exotel.attach(socket);
        exotel.send("{\"event\":\"connected\"}");
        startedNanos = System.nanoTime();
        exotel.send("{\"event\":\"start\",\"stream_sid\":\"" + streamSid + "\",\"start\":{\"stream_sid\":\"" + streamSid
                + "\",\"call_sid\":\"" + callSid + "\",\"from\":\"+919845012345\",\"to\":\"" + exophone
                + "\",\"media_format\":{\"encoding\":\"audio/x-raw\",\"sample_rate\":\"" + rate + "\"}}}");
    }

    static PhoneCall dial(ApiClient api, String token, String exophone) throws Exception {
        return new PhoneCall(api, token, exophone, 8000);
    }

    static PhoneCall dial(ApiClient api, String token, String exophone, int rate) throws Exception {
        return new PhoneCall(api, token, exophone, rate);
    }

    /** Speaks a tone of this pitch for so long, then stays silent for as long as given. */
    PhoneCall say(int hz, int ms) throws InterruptedException {
        return stream(hz, ms);
    }

    PhoneCall silence(int ms) throws InterruptedException {
        return stream(0, ms);
    }

    private PhoneCall stream(int hz, int ms) throws InterruptedException {
        int samples = rate / 50;
        for (int sent = 0; sent < ms && !exotel.closed.isDone(); sent += 20) {
            ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < samples; i++) {
                pcm.putShort(hz == 0 ? 0 : (short) Math.round(12_000 * Math.sin(phase)));
                phase += 2 * Math.PI * hz / rate;
            }
            exotel.send("{\"event\":\"media\",\"stream_sid\":\"" + streamSid + "\",\"media\":{\"chunk\":\"" + frame
                    + "\",\"timestamp\":\"" + frame * 20 + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(pcm.array()) + "\"}}");
            frame++;
            long wait = startedNanos + frame * 20_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        return this;
    }

    /** Keeps the line open with silence until the condition holds or the time is up. */
    PhoneCall silenceUntil(java.util.function.BooleanSupplier done, int maxMs) throws InterruptedException {
        for (int waited = 0; waited < maxMs && !done.getAsBoolean() && !exotel.closed.isDone(); waited += 100) {
            silence(100);
        }
        return this;
    }

    /** Milliseconds from the stream's start to the first agent audio, or -1. */
    long firstAgentAudioMs() {
        return times("media").stream()
                .findFirst()
                .map(t -> (t - startedNanos) / 1_000_000)
                .orElse(-1L);
    }

    List<Long> times(String event) {
        return exotel.events.stream()
                .filter(e -> e.startsWith(event + "@"))
                .map(e -> Long.parseLong(e.substring(e.indexOf('@') + 1)))
                .toList();
    }

    int agentMillis() {
        return (int) (exotel.agentBytes.get() / (2L * rate / 1000));
    }

    /** Caller hangs up: stop, then the socket closes. Returns the close code. */
    int hangUp() throws Exception {
        if (!exotel.closed.isDone()) {
            exotel.send("{\"event\":\"stop\",\"stream_sid\":\"" + streamSid + "\",\"stop\":{\"call_sid\":\"" + callSid
                    + "\",\"reason\":\"callended\"}}");
        }
        return awaitClose();
    }

    int awaitClose() throws Exception {
        return exotel.closed.get(15, TimeUnit.SECONDS);
    }
}
