package com.caly.voice.fake;

import com.caly.voice.audio.MuLaw;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One realtime session of the fake: the protocol's behaviour for one socket. */
public final class FakeRealtimeSession extends WebSocketServer.Connection {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> VOICES =
            Set.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar");
    private static final int DELTA_MS = 100;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final FakeRealtimeServer server;
    /** Every client event, in order, for tests to look at. */
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The error events sent back. */
    public final List<JsonNode> errors = new CopyOnWriteArrayList<>();

    private ObjectNode config;
    private final List<ObjectNode> conversation = new ArrayList<>();
    private final Map<String, Long> itemAudioMs = new HashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private long audioMs;
    private double audioRemainderMs;
    // VAD state
    private boolean speaking;
    private long speechStartMs;
    private long lastLoudMs;
    private String speechItem = "";
    private final ByteArrayOutputStream utterance = new ByteArrayOutputStream();
    private long userAudioMsSinceResponse;
    // response state
    private String activeResponse = "";
    private ScheduledFuture<?> streaming;
    private Runnable lateDelta;
    private int responses;

    FakeRealtimeSession(Socket socket, FakeRealtimeServer server) throws IOException {
        super(socket);
        this.server = server;
        this.config = defaults();
    }

    void start() {
        server.open.incrementAndGet();
        send(event("session.created").set("session", config.deepCopy()));
        for (String garbage : server.faults.garbage) {
            send(garbage);
        }
        if (server.faults.closeAfterMs > 0 && server.faults.closeSessions-- > 0) {
            later(
                    server.faults.closeAfterMs,
                    () -> end(1011, "The server had an error while processing your request."));
        }
        later(server.durationCapMs(), () -> end(1001, "Your session hit the maximum duration of 60 minutes."));
    }

    private synchronized void end(int code, String reason) {
        if (!isClosed()) {
            close(code, reason);
            ended();
        }
    }

    private boolean endedOnce;

    private synchronized void ended() {
        if (!endedOnce) {
            endedOnce = true;
            server.open.decrementAndGet();
            timers.forEach(timer -> timer.cancel(false));
        }
    }

    @Override
    public void closedByPeer(int code) {
        ended();
    }

    @Override
    public synchronized void text(String message) {
        JsonNode event;
        try {
            event = JSON.readTree(message);
        } catch (RuntimeException e) {
            violation("not JSON: " + abbreviated(message));
            error(
                    JSON.createObjectNode(),
                    "invalid_request_error",
                    "invalid_json",
                    "We could not parse the JSON body of your request.",
                    null);
            return;
        }
        received.add(event);
        List<RealtimeSchemas.Problem> problems =
                server.schemaChecks ? RealtimeSchemas.published().check(RealtimeSchemas.Side.CLIENT, event) : List.of();
        String type = event.path("type").asString("");
        if (!problems.isEmpty()) {
            // the API refuses the event whole and says why: the first problem, with its parameter
            violation("the bridge sent " + type + " against OpenAI's schema: " + RealtimeSchemas.describe(problems)
                    + ": " + abbreviated(message));
            RealtimeSchemas.Problem first = problems.get(0);
            error(event, "invalid_request_error", first.code(), first.message(), first.param());
            return;
        }
        switch (type) {
            case "session.update" -> sessionUpdate(event);
            case "input_audio_buffer.append" -> append(event);
            case "input_audio_buffer.commit", "input_audio_buffer.clear" -> {}
            case "response.create" -> responseCreate(event);
            case "response.cancel" -> responseCancel(event);
            case "conversation.item.truncate" -> truncate(event);
            case "conversation.item.create" -> itemCreate(event);
            case "output_audio_buffer.clear" -> violation("output_audio_buffer.clear is for WebRTC/SIP only");
            default -> {
                violation("an event the fake does not handle: " + type);
                error(event, "invalid_request_error", "unknown_event", "The fake does not handle " + type, "type");
            }
        }
    }

    // ---- session

    /** The schema has refused unknown and beta fields already; what is left is what it cannot say. */
    private void sessionUpdate(JsonNode event) {
        JsonNode session = event.path("session");
        if (!"realtime".equals(session.path("type").asString(""))) {
            violation("session.type must be \"realtime\"");
        }
        JsonNode modalities = session.path("output_modalities");
        if (!modalities.isMissingNode()
                && !(modalities.isArray()
                        && modalities.size() == 1
                        && Set.of("audio", "text").contains(modalities.get(0).asString()))) {
            violation("output_modalities must be [\"audio\"] or [\"text\"]");
        }
        JsonNode voice = session.path("audio").path("output").path("voice");
        if (!voice.isMissingNode() && !VOICES.contains(voice.asString(""))) {
            violation("unknown voice " + voice);
        }
        for (JsonNode tool : session.path("tools")) {
            if (!"function".equals(tool.path("type").asString(""))
                    || !tool.path("name").isString()
                    || !tool.path("parameters").isObject()) {
                violation("tools must be flat {type:function,name,description,parameters}: " + tool);
            }
        }
        merge(config, (ObjectNode) session);
        send(event("session.updated").set("session", config.deepCopy()));
    }

    private static void merge(ObjectNode target, ObjectNode update) {
        for (Map.Entry<String, JsonNode> field : update.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode object
                    && field.getValue() instanceof ObjectNode patch
                    && (!patch.has("type") || patch.path("type").equals(object.path("type")))) {
                merge(object, patch);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    // ---- audio in and voice activity

    private void append(JsonNode event) {
        String audio = event.path("audio").asString(null);
        if (audio == null) {
            violation("append without audio");
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(audio);
        } catch (IllegalArgumentException e) {
            violation("append with invalid base64");
            return;
        }
        if (bytes.length > 15 * 1024 * 1024) {
            violation("append over 15 MiB");
        }
        boolean ulaw = "audio/pcmu".equals(inputFormat());
        byte[] pcm = ulaw ? MuLaw.toPcm(bytes) : bytes;
        int rate = ulaw ? 8000 : 24_000;
        JsonNode turn = config.path("audio").path("input").path("turn_detection");
        int window = rate / 100; // 10 ms
        for (int offset = 0; offset + window * 2 <= pcm.length; offset += window * 2) {
            double sum = 0;
            for (int i = 0; i < window; i++) {
                int s = (short) ((pcm[offset + 2 * i] & 0xFF) | (pcm[offset + 2 * i + 1] << 8));
                sum += (double) s * s;
            }
            long windowStart = audioMs;
            audioMs += 10;
            userAudioMsSinceResponse += 10;
            if (!turn.isObject()) {
                continue;
            }
            boolean loud = Math.sqrt(sum / window) > turn.path("threshold").asDouble(0.5) * 4000;
            vad(turn, loud, windowStart, pcm, offset, window * 2);
        }
    }

    private String inputFormat() {
        return config.path("audio").path("input").path("format").path("type").asString("audio/pcm");
    }

    private void vad(JsonNode turn, boolean loud, long windowStart, byte[] pcm, int offset, int length) {
        if (loud) {
            lastLoudMs = windowStart + 10;
            if (!speaking) {
                speaking = true;
                speechStartMs = windowStart;
                speechItem = "item_" + IDS.incrementAndGet();
                utterance.reset();
                send(event("input_audio_buffer.speech_started")
                        .put(
                                "audio_start_ms",
                                Math.max(
                                        0,
                                        windowStart
                                                - turn.path("prefix_padding_ms").asLong(300)))
                        .put("item_id", speechItem));
                if (turn.path("interrupt_response").asBoolean(true) && !activeResponse.isEmpty()) {
                    cancelActive("turn_detected");
                }
            }
            utterance.write(pcm, offset, length);
        } else if (speaking
                && windowStart + 10 - lastLoudMs
                        >= turn.path("silence_duration_ms").asLong(500)) {
            speaking = false;
            String item = speechItem;
            send(event("input_audio_buffer.speech_stopped")
                    .put("audio_end_ms", lastLoudMs)
                    .put("item_id", item));
            ObjectNode committed = event("input_audio_buffer.committed").put("item_id", item);
            send(previousItem(committed));
            boolean ulaw = "audio/pcmu".equals(inputFormat());
            String heard = FakeBrain.hear(pitch(utterance.toByteArray(), ulaw ? 8000 : 24_000));
            ObjectNode user = item(item, "message", "completed").put("role", "user");
            ObjectNode added = previousItem(event("conversation.item.added"));
            // the transcript comes later, in its own event: the added item carries the audio part alone
            user.putArray("content").addObject().put("type", "input_audio");
            added.set("item", user.deepCopy());
            ((ObjectNode) user.path("content").get(0)).put("transcript", heard);
            conversation.add(user);
            send(added);
            if (config.path("audio").path("input").path("transcription").isObject()) {
                long spokenMs = lastLoudMs - speechStartMs;
                later(30, () -> {
                    synchronized (this) {
                        ObjectNode done = event("conversation.item.input_audio_transcription.completed")
                                .put("item_id", item)
                                .put("content_index", 0)
                                .put("transcript", heard);
                        done.putObject("usage").put("type", "duration").put("seconds", spokenMs / 1000.0);
                        send(done);
                    }
                });
            }
            if (turn.path("create_response").asBoolean(true)) {
                if (activeResponse.isEmpty()) {
                    startResponse(JSON.createObjectNode());
                }
            }
        }
    }

    /** The frequency of a tone from its zero crossings. */
    private static double pitch(byte[] pcm, int rate) {
        int crossings = 0;
        int previous = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            int s = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            if (i > 0 && (previous < 0) != (s < 0)) {
                crossings++;
            }
            previous = s;
        }
        double seconds = pcm.length / 2.0 / rate;
        return seconds == 0 ? 0 : crossings / (2 * seconds);
    }

    // ---- responses

    private void responseCreate(JsonNode event) {
        JsonNode response = event.path("response");
        if (!response.isMissingNode() && !response.isObject()) {
            violation("response.create with a non-object response");
        }
        if (!activeResponse.isEmpty()) {
            error(
                    event,
                    "invalid_request_error",
                    "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: " + activeResponse
                            + ". Wait until the response is finished before creating a new one.",
                    null);
            return;
        }
        startResponse(response.isObject() ? (ObjectNode) response : JSON.createObjectNode());
    }

    private void startResponse(ObjectNode options) {
        String id = "resp_" + IDS.incrementAndGet();
        activeResponse = id;
        responses++;
        ObjectNode created = event("response.created");
        created.putObject("response")
                .put("id", id)
                .put("object", "realtime.response")
                .put("status", "in_progress");
        send(created);
        List<String> tools = new ArrayList<>();
        config.path("tools").forEach(tool -> tools.add(tool.path("name").asString()));
        FakeBrain.Reply reply =
                FakeBrain.reply(options.path("instructions").asString(""), lastUserWords(), lastToolOutput(), tools);
        long usageInAudio = userAudioMsSinceResponse / 100;
        userAudioMsSinceResponse = 0;
        if (reply instanceof FakeBrain.Call call) {
            String item = "item_" + IDS.incrementAndGet();
            String callId = "call_" + IDS.incrementAndGet();
            ObjectNode output = item(item, "function_call", "completed")
                    .put("call_id", callId)
                    .put("name", call.name())
                    .put("arguments", call.arguments());
            ObjectNode started = output.deepCopy().put("status", "in_progress").put("arguments", "");
            send(event("response.output_item.added")
                    .put("response_id", id)
                    .put("output_index", 0)
                    .set("item", started));
            ObjectNode done = event("response.function_call_arguments.done")
                    .put("response_id", id)
                    .put("item_id", item)
                    .put("output_index", 0)
                    .put("call_id", callId)
                    .put("name", call.name())
                    .put("arguments", call.arguments());
            later(server.faults.thinkMs, () -> {
                synchronized (this) {
                    if (!id.equals(activeResponse)) {
                        return;
                    }
                    send(done);
                    send(event("response.output_item.done")
                            .put("response_id", id)
                            .put("output_index", 0)
                            .set("item", output.deepCopy()));
                    conversation.add(output);
                    finish(
                            id,
                            "completed",
                            null,
                            output,
                            usageInAudio,
                            0,
                            call.arguments().length() / 4);
                }
            });
            return;
        }
        FakeBrain.Speak speak = (FakeBrain.Speak) reply;
        String item = "item_" + IDS.incrementAndGet();
        itemAudioMs.put(item, 0L);
        ObjectNode assistant = item(item, "message", "completed").put("role", "assistant");
        assistant.putArray("content").addObject().put("type", "output_audio").put("transcript", speak.transcript());
        conversation.add(assistant);
        ObjectNode started = assistant.deepCopy().put("status", "in_progress");
        started.putArray("content");
        send(event("response.output_item.added")
                .put("response_id", id)
                .put("output_index", 0)
                .set("item", started));
        ObjectNode part = event("response.content_part.added")
                .put("response_id", id)
                .put("item_id", item)
                .put("output_index", 0)
                .put("content_index", 0);
        part.putObject("part").put("type", "audio").put("transcript", "");
        send(part);
        String[] words = speak.transcript().split(" ");
        int chunks = (speak.audioMs() + DELTA_MS - 1) / DELTA_MS;
        int[] sent = {0};
        Runnable delta = () -> {
            synchronized (this) {
                if (!id.equals(activeResponse)) {
                    return;
                }
                int n = sent[0]++;
                send(event("response.output_audio.delta")
                        .put("response_id", id)
                        .put("item_id", item)
                        .put("output_index", 0)
                        .put("content_index", 0)
                        .put("delta", Base64.getEncoder().encodeToString(tone(n * DELTA_MS, DELTA_MS))));
                itemAudioMs.merge(item, (long) DELTA_MS, Long::sum);
                int from = words.length * n / chunks;
                int to = words.length * (n + 1) / chunks;
                if (to > from) {
                    send(event("response.output_audio_transcript.delta")
                            .put("response_id", id)
                            .put("item_id", item)
                            .put("output_index", 0)
                            .put("content_index", 0)
                            .put("delta", String.join(" ", java.util.Arrays.copyOfRange(words, from, to)) + " "));
                }
                if (sent[0] == chunks) {
                    streaming.cancel(false);
                    send(event("response.output_audio.done")
                            .put("response_id", id)
                            .put("item_id", item)
                            .put("output_index", 0)
                            .put("content_index", 0));
                    send(event("response.output_audio_transcript.done")
                            .put("response_id", id)
                            .put("item_id", item)
                            .put("output_index", 0)
                            .put("content_index", 0)
                            .put("transcript", speak.transcript()));
                    ObjectNode partDone = event("response.content_part.done")
                            .put("response_id", id)
                            .put("item_id", item)
                            .put("output_index", 0)
                            .put("content_index", 0);
                    partDone.putObject("part").put("type", "audio").put("transcript", speak.transcript());
                    send(partDone);
                    send(event("response.output_item.done")
                            .put("response_id", id)
                            .put("output_index", 0)
                            .set("item", assistant.deepCopy()));
                    finish(id, "completed", null, assistant, usageInAudio, speak.audioMs() / 50, words.length);
                }
            }
        };
        // faster than real time: 100 ms of audio every 5 ms
        streaming = server.timers.scheduleAtFixedRate(
                delta, server.faults.thinkMs, server.faults.deltaEveryMs, TimeUnit.MILLISECONDS);
        lateDelta = () -> {
            int n = sent[0]++;
            send(event("response.output_audio.delta")
                    .put("response_id", id)
                    .put("item_id", item)
                    .put("output_index", 0)
                    .put("content_index", 0)
                    .put("delta", Base64.getEncoder().encodeToString(tone(n * DELTA_MS, DELTA_MS))));
        };
        timers.add(streaming);
    }

    private void finish(
            String id, String status, String reason, ObjectNode output, long inAudio, long outAudio, long outText) {
        activeResponse = "";
        ObjectNode done = event("response.done");
        ObjectNode response = done.putObject("response")
                .put("id", id)
                .put("object", "realtime.response")
                .put("status", status);
        if (reason != null) {
            response.putObject("status_details").put("type", status).put("reason", reason);
        }
        ArrayNode outputs = response.putArray("output");
        if (output != null) {
            outputs.add(output.deepCopy());
        }
        long inText = config.path("instructions").asString("").length() / 4;
        long cached = responses > 1 ? inText / 2 : 0;
        ObjectNode usage = response.putObject("usage")
                .put("total_tokens", inAudio + inText + outAudio + outText)
                .put("input_tokens", inAudio + inText)
                .put("output_tokens", outAudio + outText);
        usage.putObject("input_token_details")
                .put("text_tokens", inText)
                .put("audio_tokens", inAudio)
                .put("cached_tokens", cached);
        usage.putObject("output_token_details").put("text_tokens", outText).put("audio_tokens", outAudio);
        send(done);
    }

    private void cancelActive(String reason) {
        String id = activeResponse;
        if (streaming != null) {
            streaming.cancel(false);
        }
        for (int i = 0; i < server.faults.lateDeltas && lateDelta != null; i++) {
            lateDelta.run();
        }
        finish(id, "cancelled", reason, null, 0, 0, 0);
    }

    private void responseCancel(JsonNode event) {
        String id = event.path("response_id").asString("");
        if (activeResponse.isEmpty() || (!id.isEmpty() && !id.equals(activeResponse))) {
            error(
                    event,
                    "invalid_request_error",
                    "response_cancel_not_active",
                    "Cancellation failed: no active response found",
                    null);
            return;
        }
        cancelActive("client_cancelled");
    }

    private void truncate(JsonNode event) {
        String item = event.path("item_id").asString("");
        long end = event.path("audio_end_ms").asLong(-1);
        Long length = itemAudioMs.get(item);
        if (length == null) {
            error(
                    event,
                    "invalid_request_error",
                    "item_truncate_invalid_item_id",
                    "Item " + item + " is not an assistant item with audio",
                    "item_id");
            return;
        }
        if (end < 0 || end > length) {
            error(
                    event,
                    "invalid_request_error",
                    "invalid_value",
                    "Audio content of " + length + "ms is already shorter than " + end + "ms",
                    "audio_end_ms");
            return;
        }
        itemAudioMs.put(item, end);
        send(event("conversation.item.truncated")
                .put("item_id", item)
                .put("content_index", 0)
                .put("audio_end_ms", end));
    }

    private void itemCreate(JsonNode event) {
        JsonNode item = event.path("item");
        String type = item.path("type").asString("");
        boolean valid = switch (type) {
            case "function_call_output" ->
                item.path("call_id").isString() && item.path("output").isString();
            case "message" ->
                Set.of("user", "assistant", "system").contains(item.path("role").asString(""))
                        && item.path("content").isArray();
            default -> false;
        };
        if (!valid) {
            violation("conversation.item.create with a malformed item: " + item);
            error(event, "invalid_request_error", "invalid_item", "The fake does not handle this item", "item");
            return;
        }
        ObjectNode added = item("item_" + IDS.incrementAndGet(), type, "completed");
        added.setAll(((ObjectNode) item).deepCopy()); // an id the client chose wins
        added.put("object", "realtime.item").put("status", "completed");
        ObjectNode addedEvent = previousItem(event("conversation.item.added"));
        ObjectNode doneEvent = previousItem(event("conversation.item.done"));
        conversation.add(added);
        send(addedEvent.set("item", added.deepCopy()));
        send(doneEvent.set("item", added.deepCopy()));
    }

    private String lastUserWords() {
        for (int i = conversation.size() - 1; i >= 0; i--) {
            ObjectNode item = conversation.get(i);
            if ("user".equals(item.path("role").asString(""))) {
                return words(item);
            }
        }
        return "";
    }

    private String lastToolOutput() {
        for (int i = conversation.size() - 1; i >= 0; i--) {
            ObjectNode item = conversation.get(i);
            if ("function_call_output".equals(item.path("type").asString(""))) {
                return item.path("output").asString("");
            }
            if ("user".equals(item.path("role").asString(""))
                    || "assistant".equals(item.path("role").asString(""))) {
                return "";
            }
        }
        return "";
    }

    /** What a message says: the text or transcript of its content parts. */
    private static String words(JsonNode item) {
        StringBuilder words = new StringBuilder();
        item.path("content")
                .forEach(part -> words.append(
                        part.path("transcript").asString(part.path("text").asString(""))));
        return words.toString();
    }

    /** The id of the last item in the conversation, or null for the first: as the API places a new item. */
    private ObjectNode previousItem(ObjectNode event) {
        if (conversation.isEmpty()) {
            return event.putNull("previous_item_id");
        }
        return event.put(
                "previous_item_id",
                conversation.get(conversation.size() - 1).path("id").asString());
    }

    private static ObjectNode item(String id, String type, String status) {
        return JSON.createObjectNode()
                .put("id", id)
                .put("object", "realtime.item")
                .put("type", type)
                .put("status", status);
    }

    /** The agent's voice: a 600 Hz tone in the session's output format. */
    private byte[] tone(int fromMs, int ms) {
        boolean ulaw = "audio/pcmu"
                .equals(config.path("audio")
                        .path("output")
                        .path("format")
                        .path("type")
                        .asString("audio/pcm"));
        return replyAudio(fromMs, ms, ulaw);
    }

    /** The audio of the fake's replies from {@code fromMs} for {@code ms}: a 600 Hz tone, μ-law or 24 kHz PCM. */
    public static byte[] replyAudio(int fromMs, int ms, boolean ulaw) {
        int rate = ulaw ? 8000 : 24_000;
        int samples = rate * ms / 1000;
        byte[] pcm = new byte[samples * 2];
        long first = (long) rate * fromMs / 1000;
        for (int i = 0; i < samples; i++) {
            short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * 600 * (first + i) / rate));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return ulaw ? MuLaw.fromPcm(pcm) : pcm;
    }

    // ---- plumbing

    /** An error event as the API sends it: the parameter at fault and the client event's id, or nulls. */
    private void error(JsonNode cause, String type, String code, String message, String param) {
        ObjectNode error = event("error");
        ObjectNode details =
                error.putObject("error").put("type", type).put("code", code).put("message", message);
        if (param == null || param.isEmpty()) {
            details.putNull("param");
        } else {
            details.put("param", param);
        }
        if (cause.path("event_id").isString()) {
            details.put("event_id", cause.path("event_id").asString());
        } else {
            details.putNull("event_id");
        }
        errors.add(error);
        send(error);
    }

    private static String abbreviated(String message) {
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }

    private void violation(String what) {
        server.violations.add(what);
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode()
                .put("event_id", "event_" + IDS.incrementAndGet())
                .put("type", type);
    }

    /** Every event the fake sends is checked against OpenAI's schema first (the garbage fault goes around this). */
    private void send(ObjectNode event) {
        String json = JSON.writeValueAsString(event);
        List<RealtimeSchemas.Problem> problems =
                server.schemaChecks ? RealtimeSchemas.published().check(RealtimeSchemas.Side.SERVER, event) : List.of();
        if (!problems.isEmpty()) {
            violation("the fake sent " + event.path("type").asString("") + " against OpenAI's schema: "
                    + RealtimeSchemas.describe(problems) + ": " + abbreviated(json));
        }
        send(json);
    }

    private void later(long delayMs, Runnable task) {
        timers.add(server.timers.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS));
    }

    private static ObjectNode defaults() {
        ObjectNode session = JSON.createObjectNode()
                .put("type", "realtime")
                .put("object", "realtime.session")
                .put("id", "sess_" + IDS.incrementAndGet())
                .put("model", "gpt-realtime")
                .put("instructions", "");
        session.putArray("output_modalities").add("audio");
        ObjectNode audio = session.putObject("audio");
        ObjectNode input = audio.putObject("input");
        input.putObject("format").put("type", "audio/pcm").put("rate", 24_000);
        input.putObject("turn_detection")
                .put("type", "server_vad")
                .put("threshold", 0.5)
                .put("prefix_padding_ms", 300)
                .put("silence_duration_ms", 200)
                .put("create_response", true)
                .put("interrupt_response", true);
        ObjectNode output = audio.putObject("output");
        output.putObject("format").put("type", "audio/pcm").put("rate", 24_000);
        output.put("voice", "alloy").put("speed", 1.0);
        session.putArray("tools");
        session.put("tool_choice", "auto").put("max_output_tokens", "inf");
        return session;
    }

    /** The truncates this session received: item id and audio_end_ms. */
    public List<JsonNode> events(String type) {
        return received.stream()
                .filter(e -> type.equals(e.path("type").asString("")))
                .toList();
    }
}
