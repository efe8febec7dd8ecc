package com.caly.shared.openapi;

import com.caly.support.ApiClient;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The served OpenAPI document as a contract: requests are built from an operation's method and path, and every
 * response is checked against what the operation declares (status, media type, body schema). Objects are
 * validated closed, so a field the document does not declare fails too.
 */
final class OpenApiContract {

    record Operation(String id, String method, String path, JsonNode node) {}

    private final ApiClient api;
    private final JsonNode document;
    private final JsonNode closedComponents;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Set<String> exercised = new LinkedHashSet<>();
    private final Map<String, Set<Integer>> statuses = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Schema> schemas = new HashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(),
            builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build()));

    OpenApiContract(ApiClient api, JsonNode document) {
        this.api = api;
        this.document = document;
        JsonNode components = document.path("components").deepCopy();
        close(components);
        this.closedComponents = components;
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    String id = method.getValue().path("operationId").asString();
                    operations.put(
                            id,
                            new Operation(
                                    id, method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
                }));
    }

    Map<String, Operation> operations() {
        return operations;
    }

    Operation operation(String id) {
        Operation operation = operations.get(id);
        if (operation == null) {
            throw new AssertionError("the document has no operation " + id);
        }
        return operation;
    }

    Set<String> exercised() {
        return exercised;
    }

    /** The statuses each operation answered with here. */
    Map<String, Set<Integer>> statuses() {
        return statuses;
    }

    List<String> failures() {
        return failures;
    }

    /** A request to the operation; {@code path} fills the path template's variables in order. */
    Request call(String operationId, String... pathValues) {
        return new Request(operation(operationId), pathValues);
    }

    final class Request {
        private final Operation operation;
        private String path;
        private String query = "";
        private String body;
        private final List<String> headers = new ArrayList<>();

        private Request(Operation operation, String... pathValues) {
            this.operation = operation;
            String filled = operation.path();
            for (String value : pathValues) {
                filled = filled.replaceFirst("\\{[^}]+}", value);
            }
            if (filled.contains("{")) {
                throw new IllegalArgumentException("path variables missing for " + operation.path());
            }
            this.path = filled;
        }

        Request query(String value) {
            query = value;
            return this;
        }

        Request json(Object value) {
            return body(value instanceof String text ? text : ApiClient.json(value), "application/json");
        }

        Request body(String value, String contentType) {
            body = value;
            headers.add("Content-Type");
            headers.add(contentType);
            return this;
        }

        Request header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        Request as(String bearer) {
            return header("Authorization", bearer);
        }

        /** Sends the request and checks the response against the document; returns it for more checks. */
        ApiClient.Response expect(int status) {
            return send(status);
        }

        /** Sends the request and checks the response against the document, whatever its status. */
        ApiClient.Response send() {
            return send(-1);
        }

        private ApiClient.Response send(int status) {
            String target = path + (query.isEmpty() ? "" : "?" + query);
            ApiClient.Response response = api.send(
                    operation.method(),
                    target,
                    body == null && needsBody() ? "" : body,
                    headers.toArray(String[]::new));
            String what = operation.id() + " " + operation.method() + " " + target + " -> " + response.status();
            exercised.add(operation.id());
            statuses.computeIfAbsent(operation.id(), id -> new java.util.TreeSet<>())
                    .add(response.status());
            if (status != -1 && response.status() != status) {
                failures.add(what + ": expected " + status + ": " + shorten(response.body()));
            }
            check(operation, response, what);
            return response;
        }

        private boolean needsBody() {
            return operation.method().equals("POST")
                    || operation.method().equals("PUT")
                    || operation.method().equals("PATCH");
        }
    }

    /** The response's status is declared (not just by {@code default}), and its media type and body are as declared. */
    void check(Operation operation, ApiClient.Response response, String what) {
        JsonNode declared = operation.node().path("responses").path(Integer.toString(response.status()));
        if (declared.isMissingNode()) {
            failures.add(what + ": status not declared (declared: "
                    + operation.node().path("responses").propertyNames() + ")");
            return;
        }
        JsonNode content = declared.path("content");
        String contentType = response.header("Content-Type");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!response.body().isEmpty()) {
                failures.add(what + ": declared without a body, but answered " + shorten(response.body()));
            }
            return;
        }
        if (contentType == null) {
            failures.add(what + ": no Content-Type; declared " + content.propertyNames());
            return;
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            failures.add(what + ": Content-Type " + contentType + " but declared " + content.propertyNames());
            return;
        }
        JsonNode instance;
        if (mediaType.endsWith("json")) {
            try {
                instance = response.json();
            } catch (RuntimeException e) {
                failures.add(what + ": body is not JSON: " + shorten(response.body()));
                return;
            }
        } else if (mediaType.startsWith("text/")) {
            instance = StringNode.valueOf(response.body());
        } else {
            if (response.body().isEmpty()) {
                failures.add(what + ": empty " + mediaType + " body");
            }
            return;
        }
        String key = operation.id() + " " + response.status() + " " + mediaType;
        Schema schema = schemas.computeIfAbsent(key, k -> {
            ObjectNode node =
                    (ObjectNode) content.path(mediaType).path("schema").deepCopy();
            close(node);
            node.set("components", closedComponents);
            return registry.getSchema(node);
        });
        List<com.networknt.schema.Error> errors = schema.validate(instance);
        if (!errors.isEmpty()) {
            failures.add(what + ": body does not match the schema: " + errors + " in " + shorten(response.body()));
        }
    }

    /** Every object schema that lists its properties and says nothing of others admits no others. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.set("additionalProperties", JsonNodeFactory.instance.booleanNode(false));
            }
            object.properties().forEach(entry -> close(entry.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(OpenApiContract::close);
        }
    }

    JsonNode document() {
        return document;
    }

    private static String shorten(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }
}
