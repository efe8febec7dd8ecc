package com.caly.voice.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.voice.fake.RealtimeSchemas.Side;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake on loopback, spoken to directly: it refuses what the API refuses, the way the API does. */
class FakeRealtimeServerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeRealtimeServer fake = FakeRealtimeServer.onLoopback();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private WebSocket socket;

    @BeforeEach
    void connect() throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + FakeRealtimeServer.API_KEY)
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + fake.port() + "/v1/realtime?model=gpt-realtime"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    events.add(JSON.readTree(text.toString()));
                                    text.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(5, TimeUnit.SECONDS);
        assertThat(next().path("type").asString()).isEqualTo("session.created");
    }

    @AfterEach
    void close() throws Exception {
        socket.abort();
        fake.close();
    }

    private JsonNode next() throws InterruptedException {
        JsonNode event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("an event from the fake").isNotNull();
        seen.add(event);
        return event;
    }

    private JsonNode send(String json) throws Exception {
        socket.sendText(json, true).get(5, TimeUnit.SECONDS);
        return next();
    }

    @Test
    void refusesAClientEventWithAnUnknownFieldWithTheApisErrorEvent() throws Exception {
        JsonNode error = send("""
                {"event_id":"evt_client_1","type":"session.update",
                 "session":{"type":"realtime","instructions":"Be brief.","temperature":0.8}}""");

        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("code").asString()).isEqualTo("unknown_parameter");
        assertThat(error.path("error").path("param").asString()).isEqualTo("session.temperature");
        assertThat(error.path("error").path("message").asString())
                .isEqualTo("Unknown parameter: 'session.temperature'.");
        assertThat(error.path("error").path("event_id").asString()).isEqualTo("evt_client_1");
        assertThat(fake.violations()).singleElement().asString().contains("session.temperature");

        JsonNode next = send("""
                {"type":"session.update","session":{"type":"realtime","instructions":"Be kind."}}""");
        assertThat(next.path("type").asString())
                .as("the refused update was not applied")
                .isEqualTo("session.updated");
        assertThat(next.path("session").path("instructions").asString()).isEqualTo("Be kind.");
    }

    @Test
    void refusesAFieldOfTheWrongTypeAndAnUnknownEventType() throws Exception {
        JsonNode wrongType = send("""
                {"type":"conversation.item.truncate","item_id":"item_1","content_index":0,"audio_end_ms":"900"}""");
        assertThat(wrongType.path("error").path("code").asString()).isEqualTo("invalid_type");
        assertThat(wrongType.path("error").path("param").asString()).isEqualTo("audio_end_ms");
        assertThat(wrongType.path("error").path("event_id").isNull()).isTrue();

        JsonNode unknown = send("{\"type\":\"response.audio.create\"}");
        assertThat(unknown.path("error").path("code").asString()).isEqualTo("invalid_value");
        assertThat(unknown.path("error").path("param").asString()).isEqualTo("type");
        assertThat(fake.violations()).hasSize(2);
    }

    @Test
    void everyEventItSendsMatchesOpenAisSchemas() throws Exception {
        send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"temperature\":1}}");
        send("""
                {"type":"session.update","session":{"type":"realtime","instructions":"Say hello.",
                 "audio":{"input":{"format":{"type":"audio/pcmu"}},"output":{"format":{"type":"audio/pcmu"}}}}}""");
        socket.sendText("{\"type\":\"response.create\"}", true).get(5, TimeUnit.SECONDS);
        while (!next().path("type").asString().equals("response.done")) {
            // the response streams
        }
        socket.sendText("{\"type\":\"response.cancel\"}", true).get(5, TimeUnit.SECONDS);
        next();

        assertThat(seen)
                .extracting(event -> event.path("type").asString())
                .contains(
                        "error",
                        "session.updated",
                        "response.created",
                        "response.output_item.added",
                        "response.output_audio.delta",
                        "response.output_audio_transcript.done",
                        "response.output_item.done",
                        "response.done");
        assertThat(seen)
                .allSatisfy(event -> assertThat(RealtimeSchemas.published().check(Side.SERVER, event))
                        .as(event.toString())
                        .isEmpty());
        JsonNode updated = seen.stream()
                .filter(event -> event.path("type").asString().equals("session.updated"))
                .findFirst()
                .orElseThrow();
        assertThat(updated.path("session").path("audio").path("input").path("format"))
                .as("a new format replaces the old one whole, with no rate left over from audio/pcm")
                .hasToString("{\"type\":\"audio/pcmu\"}");
        assertThat(fake.violations()).as("only the update with a temperature").hasSize(1);
    }
}
