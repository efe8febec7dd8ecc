package com.caly.telephony.exotel;

import com.caly.shared.openapi.ApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The Exotel webhooks in the OpenAPI document. One handler reads them all from a query string, a form or a JSON
 * body ({@link ExotelParameters}), so springdoc sees no parameters: the fields Exotel sends are declared here, per
 * webhook, with the 200/302 branch answers of the Passthru applet.
 */
@Component
class ExotelWebhookDocs implements OpenApiCustomizer {

    private static final String BASE = "/webhooks/exotel/";

    private record Field(String name, String description) {}

    private record Webhook(String event, String summary, String ok, String fallback, List<Field> fields) {}

    private static final List<Field> CALL = List.of(
            new Field("CallFrom", "The caller's number (0-prefixed national form or E.164)"),
            new Field("CallTo", "The ExoPhone dialled; the call is routed by it, else by To"),
            new Field("From", "The caller's number, when CallFrom is absent"),
            new Field("To", "The number dialled, when CallTo is absent"),
            new Field("Direction", "incoming, inbound, outbound-dial or outbound-api"),
            new Field("Created", "When the call was created (Exotel's time, India)"),
            new Field("StartTime", "When the call started (yyyy-MM-dd HH:mm:ss, India)"),
            new Field("CurrentTime", "When Exotel sent the request"),
            new Field("DialWhomNumber", "The number the flow dialled, if any"),
            new Field("CustomField", "The flow's custom field"));

    private static final List<Webhook> WEBHOOKS = List.of(
            new Webhook(
                    "call-start",
                    "A call arrives: Passthru at the start of the flow",
                    "OK: the voice agent answers (the flow goes on to the Voicebot applet)",
                    "FALLBACK: connect a person; the number is no company's, the company is suspended, or this"
                            + " instance is at capacity",
                    CALL),
            new Webhook(
                    "call-end",
                    "The call ended: Passthru at the end of the flow, or the Calls API's StatusCallback",
                    "OK: recorded (a report older than the call's final status changes nothing)",
                    null,
                    plus(
                            CALL,
                            new Field("Status", "completed, failed, busy or no-answer (StatusCallback)"),
                            new Field("CallType", "completed, call-attempt, client-hangup, incomplete (Passthru)"),
                            new Field("EndTime", "When the call ended"),
                            new Field("ConversationDuration", "Seconds talked (StatusCallback)"),
                            new Field("DialCallDuration", "Seconds talked (Passthru)"),
                            new Field("Duration", "Seconds the call lasted"))),
            new Webhook(
                    "recording",
                    "Exotel's recording of a call is ready",
                    "OK: noted; the recording is fetched unless Caly recorded the call itself",
                    null,
                    plus(
                            CALL,
                            new Field("RecordingUrl", "Where Exotel's recording is"),
                            new Field("Stream[RecordingUrl]", "The Voicebot applet's recording"))),
            new Webhook(
                    "after-bot",
                    "The Voicebot applet ended: Passthru after it",
                    "OK: the agent finished the call",
                    "FALLBACK: connect a person; the agent handed the call over, or the call is unknown",
                    plus(
                            CALL,
                            new Field("Stream[StreamSID]", "The media stream's id"),
                            new Field("Stream[Status]", "How the stream ended"),
                            new Field("Stream[Duration]", "Seconds the stream lasted"),
                            new Field("Stream[DisconnectedBy]", "bot or user"))),
            new Webhook(
                    "stream-url",
                    "The Voicebot applet's dynamic URL: where to open the call's media stream",
                    null,
                    null,
                    plus(CALL, new Field("sample-rate", "8000, 16000 or 24000; 8000 for anything else"))));

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        for (Webhook webhook : WEBHOOKS) {
            String path = BASE + webhook.event();
            if (!openApi.getPaths().containsKey(path)) {
                continue;
            }
            openApi.getPaths()
                    .addPathItem(
                            path,
                            new PathItem().get(operation(webhook, path, false)).post(operation(webhook, path, true)));
        }
    }

    private static Operation operation(Webhook webhook, String path, boolean post) {
        String name = camel(webhook.event());
        Operation operation = new Operation()
                .operationId("telephony" + name + (post ? "Post" : "Get"))
                .summary(webhook.summary())
                .description("Exotel calls this URL with `token` in the query string and the call's fields "
                        + (post ? "as a form or a JSON object" : "in the query string")
                        + ". Fields other than those listed are accepted and kept. Each event takes effect once per"
                        + " CallSid: a retry gets the first answer again.")
                .tags(List.of("telephony"))
                .security(List.of(new SecurityRequirement().addList(ApiDocs.EXOTEL_TOKEN)));
        if (post) {
            Schema<?> body = ApiDocs.typed("object").additionalProperties(true);
            body.setProperties(new LinkedHashMap<>(properties(webhook)));
            body.setRequired(List.of("CallSid"));
            operation.requestBody(new RequestBody()
                    .required(true)
                    .content(new Content()
                            .addMediaType("application/x-www-form-urlencoded", new MediaType().schema(body))
                            .addMediaType("application/json", new MediaType().schema(body))));
        } else {
            List<Parameter> parameters = new ArrayList<>();
            properties(webhook)
                    .forEach((field, schema) -> parameters.add(new Parameter()
                            .in("query")
                            .name(field)
                            .required(field.equals("CallSid"))
                            .description(schema.getDescription())
                            .schema(schema)));
            operation.parameters(parameters);
        }
        ApiResponses responses = new ApiResponses();
        if (webhook.ok() == null) {
            Schema<?> answer = ApiDocs.typed("object")
                    .addProperty(
                            "url",
                            ApiDocs.typed("string")
                                    .description("The WebSocket URL (ws:// or wss://) with a one-call token"));
            answer.setRequired(List.of("url"));
            responses.addApiResponse(
                    "200",
                    new ApiResponse()
                            .description("Where to stream the call")
                            .content(new Content().addMediaType("application/json", new MediaType().schema(answer))));
            responses.addApiResponse("404", ApiDocs.problem("404", path, "No company has the dialled number"));
        } else {
            responses.addApiResponse("200", text(webhook.ok(), "OK"));
            if (webhook.fallback() != null) {
                responses.addApiResponse("302", text(webhook.fallback(), "FALLBACK"));
            }
        }
        responses.addApiResponse(
                "400", ApiDocs.problem("400", path, "CallSid is missing or invalid, or the body is not JSON"));
        responses.addApiResponse(
                "403", ApiDocs.problem("403", path, "The token is missing or wrong, or the address is not allowed"));
        responses.addApiResponse("default", ApiDocs.problem("default", path, null));
        return operation.responses(responses);
    }

    private static Map<String, Schema> properties(Webhook webhook) {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put(
                "CallSid",
                ApiDocs.typed("string")
                        .pattern("^[A-Za-z0-9._-]{1,128}$")
                        .description("Exotel's id of the call (also accepted as call_sid or Sid)"));
        for (Field field : webhook.fields()) {
            properties.put(field.name(), ApiDocs.typed("string").description(field.description()));
        }
        return properties;
    }

    private static ApiResponse text(String description, String body) {
        Schema<Object> schema = (Schema<Object>) ApiDocs.typed("string");
        schema.setEnum(List.of(body));
        return new ApiResponse()
                .description(description)
                .content(new Content().addMediaType("text/plain", new MediaType().schema(schema)));
    }

    private static List<Field> plus(List<Field> base, Field... more) {
        List<Field> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    private static String camel(String event) {
        StringBuilder name = new StringBuilder();
        for (String part : event.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
