package com.caly.voice;

import com.caly.calls.CallId;
import com.caly.calls.HandoffDecision;
import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.tenants.RedactionSettings;
import com.caly.voice.realtime.ClientEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools the model may call: their JSON schemas, the check of the model's arguments against them, and what
 * each one does. Every call is recorded as an action (arguments, result, status, time taken); a failure becomes
 * an answer the model can say, never silence.
 */
@Component
class AgentTools {

    private static final Logger log = LoggerFactory.getLogger(AgentTools.class);
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the conversation must do after a tool ran, besides answering. */
    enum Effect {
        NONE,
        HAND_OFF,
        END
    }

    record Outcome(String output, String status, Effect effect, String reason) {}

    private static final Map<String, Map<String, Object>> SCHEMAS = new LinkedHashMap<>();
    /**
     * The tools whose {@code reason} is the model's account of what the caller said, kept with what the tool files
     * and, for a hand-off or an end, as the call's end reason.
     */
    private static final Set<String> REASONED = Set.of("create_return_request", "escalate_to_human", "end_call");

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("lookup_order", "Look up an order's status by its order id, or by the caller's phone number.");
        SCHEMAS.put(
                "lookup_order",
                object(
                        Map.of(
                                "order_id",
                                string("The order id the caller gave"),
                                "phone",
                                string("The caller's phone number")),
                        List.of()));
        DESCRIPTIONS.put("create_return_request", "File a return, refund or exchange request for an order.");
        SCHEMAS.put(
                "create_return_request",
                object(
                        Map.of(
                                "order_id", string("The order id"),
                                "items",
                                        Map.of(
                                                "type",
                                                "array",
                                                "items",
                                                Map.of("type", "string"),
                                                "minItems",
                                                1,
                                                "description",
                                                "The items concerned"),
                                "reason", string("Why, in the caller's words"),
                                "kind", Map.of("type", "string", "enum", List.of("return", "refund", "exchange"))),
                        List.of("order_id", "items", "reason", "kind")));
        DESCRIPTIONS.put(
                "escalate_to_human", "Hand the call to a person: when the caller asks, or when you cannot help.");
        SCHEMAS.put(
                "escalate_to_human",
                object(
                        Map.of(
                                "reason", string("Why the caller needs a person"),
                                "urgency",
                                        Map.of("type", "string", "enum", List.of("low", "normal", "high", "urgent"))),
                        List.of("reason")));
        DESCRIPTIONS.put("end_call", "End the call once the caller has what they need and has said goodbye.");
        SCHEMAS.put("end_call", object(Map.of("reason", string("Why the call ends")), List.of("reason")));
    }

    private final CallJournal journal;
    private final AgentSettingsService settings;
    private final HttpClient http;

    AgentTools(CallJournal journal, AgentSettingsService settings) {
        this.journal = journal;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(LOOKUP_TIMEOUT).build();
    }

    /** The tools offered to a company's agent: the enabled ones, lookup_order only with an endpoint to call. */
    List<ClientEvents.Tool> offered(AgentSettings agent) {
        List<ClientEvents.Tool> tools = new ArrayList<>();
        for (String name : SCHEMAS.keySet()) {
            if (agent.enabledTools().contains(name)
                    && (!name.equals("lookup_order") || agent.orderStatusUrl() != null)) {
                tools.add(new ClientEvents.Tool(name, DESCRIPTIONS.get(name), SCHEMAS.get(name)));
            }
        }
        return tools;
    }

    /**
     * Runs one tool call and records it. Runs on a worker thread: it may wait for the order endpoint. Never throws:
     * whatever fails (the database, the order endpoint, a fault here) becomes an output the model can speak from,
     * so the conversation goes on. With the company's redaction on, the reason given for a return, a hand-off or an
     * end is redacted before anything keeps it: the return, the escalation and its brief, the action and the call's
     * end reason.
     */
    Outcome run(
            TenantId company,
            CallId call,
            String caller,
            AgentSettings agent,
            String name,
            String given,
            HandoffDecision decision,
            RedactionSettings redaction) {
        long started = System.nanoTime();
        String arguments = redaction.redactTranscripts() ? withRedactedReason(name, given) : given;
        Outcome outcome;
        try {
            outcome = execute(company, call, caller, agent, name, arguments, decision);
        } catch (RuntimeException e) {
            log.error("Call {}: the tool {} failed", call.value(), name, e);
            outcome = new Outcome(
                    error(
                            "temporarily_unavailable",
                            "That could not be done just now because of a fault on our side. Apologise, and offer to"
                                    + " hand the caller to a colleague."),
                    "error",
                    Effect.NONE,
                    e.getClass().getSimpleName());
        }
        try {
            journal.action(
                    company,
                    call,
                    name,
                    arguments,
                    outcome.output(),
                    outcome.status(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            // the caller still gets the answer; only the actions log misses this one
            log.error("Call {}: could not record the {} action ({})", call.value(), name, outcome.status(), e);
        }
        return outcome;
    }

    /**
     * The arguments with their {@code reason} redacted, for the tools that keep one; arguments that are not a JSON
     * object are redacted whole (they are refused, but the action keeps them).
     */
    static String withRedactedReason(String name, String arguments) {
        if (!REASONED.contains(name)) {
            return arguments;
        }
        JsonNode args;
        try {
            args = JSON.readTree(arguments);
        } catch (RuntimeException e) {
            return CallJournal.redacted(arguments).text();
        }
        if (!(args instanceof ObjectNode object)) {
            return CallJournal.redacted(arguments).text();
        }
        if (object.path("reason").isString()) {
            object.put(
                    "reason",
                    CallJournal.redacted(object.path("reason").asString()).text());
        }
        return JSON.writeValueAsString(object);
    }

    private Outcome execute(
            TenantId company,
            CallId call,
            String caller,
            AgentSettings agent,
            String name,
            String arguments,
            HandoffDecision decision) {
        JsonNode args = null;
        try {
            args = JSON.readTree(arguments);
        } catch (RuntimeException e) {
            // reported below as invalid arguments
        }
        String problem = !SCHEMAS.containsKey(name) || !agent.enabledTools().contains(name)
                ? "unknown tool " + name
                : args == null || !args.isObject()
                        ? "arguments are not a JSON object"
                        : invalid(SCHEMAS.get(name), args);
        if (problem != null) {
            return new Outcome(
                    error("invalid_arguments", problem + "; call the tool again with arguments that match its schema"),
                    "invalid_arguments",
                    Effect.NONE,
                    problem);
        }
        return switch (name) {
            case "lookup_order" -> lookupOrder(company, agent, args, caller);
            case "create_return_request" -> createReturn(company, call, args, caller);
            case "escalate_to_human" -> escalate(company, call, args, decision);
            default ->
                new Outcome(
                        "{\"status\":\"ending\",\"say\":\"Say a short, warm goodbye.\"}",
                        "ok",
                        Effect.END,
                        args.path("reason").asString());
        };
    }

    private Outcome lookupOrder(TenantId company, AgentSettings agent, JsonNode args, String caller) {
        String url = agent.orderStatusUrl();
        if (url == null) {
            return new Outcome(
                    error("lookup_unavailable", "Order lookup is not set up; offer to hand the caller to a colleague."),
                    "error",
                    Effect.NONE,
                    "no endpoint");
        }
        ObjectNode request = JSON.createObjectNode();
        if (args.hasNonNull("order_id")) {
            request.put("order_id", args.path("order_id").asString());
        }
        request.put("phone", args.hasNonNull("phone") ? args.path("phone").asString() : caller);
        String body = JSON.writeValueAsString(request);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url))
                .timeout(LOOKUP_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Caly-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // signed when the company set a secret: HMAC-SHA256 of "timestamp.body"
        settings.orderStatusSecret(company)
                .filter(secret -> !secret.isEmpty())
                .ifPresent(secret -> post.header(
                        "X-Caly-Signature",
                        "sha256="
                                + HexFormat.of()
                                        .formatHex(Secrets.hmacSha256(
                                                secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body))));
        try {
            HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return new Outcome(
                        error("order_not_found", "No such order: ask the caller to check the order id."),
                        "ok",
                        Effect.NONE,
                        "not found");
            }
            if (response.statusCode() / 100 != 2) {
                return new Outcome(unavailable(), "error", Effect.NONE, "HTTP " + response.statusCode());
            }
            return new Outcome(summary(JSON.readTree(response.body())), "ok", Effect.NONE, "found");
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(unavailable(), "timeout", Effect.NONE, "timed out");
        } catch (java.io.IOException | RuntimeException e) {
            return new Outcome(unavailable(), "error", Effect.NONE, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(unavailable(), "error", Effect.NONE, "interrupted");
        }
    }

    /** The fields a caller cares about, short enough to be spoken from. */
    private static String summary(JsonNode order) {
        ObjectNode summary = JSON.createObjectNode();
        for (String field : List.of(
                "order_id",
                "status",
                "expected_delivery",
                "eta",
                "delivered_at",
                "items",
                "total",
                "carrier",
                "tracking_number")) {
            if (order.has(field)) {
                summary.set(field, order.get(field));
            }
        }
        String text = JSON.writeValueAsString(summary.isEmpty() ? order : summary);
        return text.length() <= 600 ? text : text.substring(0, 600);
    }

    private Outcome createReturn(TenantId company, CallId call, JsonNode args, String caller) {
        var id = journal.returnRequest(
                company,
                call,
                args.path("order_id").asString(),
                args.path("kind").asString(),
                JSON.writeValueAsString(args.path("items")),
                args.path("reason").asString(),
                caller);
        return new Outcome(
                "{\"status\":\"requested\",\"request_id\":\"" + id
                        + "\",\"say\":\"Tell the caller the request is filed and they will hear back within two working days.\"}",
                "ok",
                Effect.NONE,
                "filed");
    }

    /** The escalation and its brief are recorded before the model hears the outcome, so before the line ends. */
    private Outcome escalate(TenantId company, CallId call, JsonNode args, HandoffDecision decision) {
        String reason = args.path("reason").asString();
        String status = "ok";
        try {
            journal.escalation(company, call, reason, args.path("urgency").asString("normal"), decision);
        } catch (RuntimeException e) {
            // the hand-off itself needs no row: the call is still marked for a person when the stream ends
            log.error("Call {}: could not record the escalation; handing off all the same", call.value(), e);
            status = "error";
        }
        return new Outcome(
                "{\"status\":\"handing_off\",\"say\":\"Tell the caller, in one short sentence, that you are connecting them to a colleague now.\"}",
                status,
                Effect.HAND_OFF,
                reason);
    }

    private static String unavailable() {
        return error(
                "lookup_unavailable",
                "The order system is not answering right now. Apologise, and offer to hand the caller to a colleague.");
    }

    private static String error(String code, String say) {
        return JSON.writeValueAsString(
                JSON.createObjectNode().put("error", code).put("say", say));
    }

    /** Checks arguments against one of the schemas above (object, required, string, enum, array of strings). */
    static @Nullable String invalid(Map<String, Object> schema, JsonNode args) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        @SuppressWarnings("unchecked")
        List<String> required = (List<String>) schema.get("required");
        for (String field : required) {
            if (!args.hasNonNull(field)) {
                return "missing " + field;
            }
        }
        for (var field : args.properties()) {
            Map<String, Object> property = properties.get(field.getKey());
            if (property == null) {
                return "unexpected " + field.getKey();
            }
            JsonNode value = field.getValue();
            if ("string".equals(property.get("type"))) {
                if (!value.isString()
                        || value.asString().isBlank()
                        || value.asString().length() > 2_000) {
                    return field.getKey() + " must be a non-empty string";
                }
                if (property.containsKey("enum") && !((List<?>) property.get("enum")).contains(value.asString())) {
                    return field.getKey() + " must be one of " + property.get("enum");
                }
            } else if ("array".equals(property.get("type"))) {
                if (!value.isArray() || value.isEmpty() || value.size() > 50) {
                    return field.getKey() + " must be a list of 1 to 50 items";
                }
                for (JsonNode item : value) {
                    if (!item.isString() || item.asString().isBlank()) {
                        return field.getKey() + " must hold strings";
                    }
                }
            }
        }
        if (schema == SCHEMAS.get("lookup_order") && !args.hasNonNull("order_id") && !args.hasNonNull("phone")) {
            return "give order_id or phone";
        }
        return null;
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }
}
