package com.caly.voice;

import com.caly.calls.CallEnded;
import com.caly.calls.CallService;
import com.caly.tenants.TenantService;
import com.caly.voice.redaction.Redactor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * After a call: a summary, the outcome (resolved, escalated, abandoned), the caller's sentiment and intent, from a
 * chat completion over the transcript (the same base URL as the realtime model). Skipped without an API key or
 * without a transcript; a failed analysis is logged and retried by the event registry on restart.
 */
@Component
class CallAnalyst {

    private static final Logger log = LoggerFactory.getLogger(CallAnalyst.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OUTCOMES = Set.of("resolved", "escalated", "abandoned", "unresolved");
    private static final Set<String> SENTIMENTS = Set.of("positive", "neutral", "negative");
    static final String PROMPT = """
            You read the transcript of a customer-support phone call between a caller and a voice agent.
            Answer with a JSON object only: {"summary": two or three sentences, "outcome": "resolved" | "escalated" |
            "abandoned" | "unresolved", "sentiment": "positive" | "neutral" | "negative", "intent": the caller's
            purpose in two to four words, such as "order status" or "return request"}.""";

    private final VoiceProperties properties;
    private final JdbcClient jdbc;
    private final CallService calls;
    private final TenantService tenants;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CallAnalyst(VoiceProperties properties, JdbcClient jdbc, CallService calls, TenantService tenants) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.calls = calls;
        this.tenants = tenants;
    }

    @ApplicationModuleListener
    void on(CallEnded ended) {
        if (!properties.configured()) {
            return;
        }
        List<String> lines = jdbc.sql(
                        "select speaker || ': ' || text from transcripts where call_id = ? order by sequence")
                .param(ended.callId().value())
                .query(String.class)
                .list();
        if (lines.isEmpty()) {
            return;
        }
        ObjectNode request = JSON.createObjectNode().put("model", properties.analysisModel());
        request.putObject("response_format").put("type", "json_object");
        var messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", PROMPT);
        messages.addObject().put("role", "user").put("content", String.join("\n", lines));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(properties.chatUrl())
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + properties.apiKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the analysis answered HTTP " + response.statusCode());
            }
            JsonNode answer = JSON.readTree(JSON.readTree(response.body())
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asString("{}"));
            String outcome = answer.path("outcome").asString("unresolved");
            String sentiment = answer.path("sentiment").asString("neutral");
            // the transcript it read was redacted already; this is for what the model may have pieced together
            boolean redact = tenants.getCompany(ended.companyId()).redaction().redactTranscripts();
            calls.recordAnalysis(
                    ended.companyId(),
                    ended.callId(),
                    kept(answer.path("summary").asString(""), redact),
                    OUTCOMES.contains(outcome) ? outcome : "unresolved",
                    SENTIMENTS.contains(sentiment) ? sentiment : "neutral",
                    kept(answer.path("intent").asString("unknown"), redact));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("Could not analyse call {}: {}", ended.callId(), e.toString());
            throw new IllegalStateException("analysis of call " + ended.callId() + " failed", e);
        }
    }

    private static String kept(String text, boolean redact) {
        return redact ? Redactor.redact(text).text() : text;
    }
}
