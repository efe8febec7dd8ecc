package com.caly.voice.fake;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's published JSON Schemas of the realtime events (GA), extracted from openai/openai-openapi
 * ({@code openai-realtime-schemas.json} in the test resources; the upstream commit is in its {@code x-source}). An
 * event is checked against the schema its {@code type} names, for the side that sends it; a type the schemas do not
 * list is a problem.
 *
 * <p>The check is stricter than the schemas in one way: a field an object's schema does not declare is refused (the
 * schemas leave {@code additionalProperties} open). The API answers such a client event with
 * {@code unknown_parameter}, and a fake that sent undeclared fields would let the bridge rely on something the API
 * does not promise.
 */
public final class RealtimeSchemas {

    /** Who sends the event: the bridge (client events) or the API (server events). */
    public enum Side {
        CLIENT("client"),
        SERVER("server");

        private final String key;

        Side(String key) {
            this.key = key;
        }
    }

    /**
     * One way an event breaks its schema, as the API reports it in an {@code error} event: the code, the parameter
     * ({@code session.audio.input.format}, {@code item.content[0].type}) and a message.
     */
    public record Problem(String code, String param, String message) {
        @Override
        public String toString() {
            return code + " at " + param + ": " + message;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESOURCE = "/openai-realtime-schemas.json";
    private static final RealtimeSchemas PUBLISHED = load();

    private final Map<Side, Map<String, Schema>> schemas;
    private final String upstreamCommit;

    private RealtimeSchemas(Map<Side, Map<String, Schema>> schemas, String upstreamCommit) {
        this.schemas = schemas;
        this.upstreamCommit = upstreamCommit;
    }

    /** The schemas from the test resources, loaded once. */
    public static RealtimeSchemas published() {
        return PUBLISHED;
    }

    /** The openai/openai-openapi commit the schemas were extracted from. */
    public String upstreamCommit() {
        return upstreamCommit;
    }

    /** The event types the schemas list for a side. */
    public Set<String> types(Side side) {
        return schemas.get(side).keySet();
    }

    /** What is wrong with the event (a JSON text); empty when it conforms. */
    public List<Problem> check(Side side, String json) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (RuntimeException e) {
            return List.of(new Problem("invalid_json", "", "We could not parse the JSON body of your request."));
        }
        return check(side, event);
    }

    /** What is wrong with the event; empty when it conforms. */
    public List<Problem> check(Side side, JsonNode event) {
        if (!event.isObject()) {
            return List.of(new Problem("invalid_type", "", "An event must be a JSON object."));
        }
        JsonNode type = event.path("type");
        if (!type.isString()) {
            return List.of(new Problem("missing_required_parameter", "type", "Missing required parameter: 'type'."));
        }
        Schema schema = schemas.get(side).get(type.asString());
        if (schema == null) {
            return List.of(new Problem(
                    "invalid_value",
                    "type",
                    "Invalid value: '" + type.asString() + "'. Supported values are: "
                            + String.join(", ", schemas.get(side).keySet()) + "."));
        }
        List<Error> errors = schema.validate(event);
        if (errors.isEmpty()) {
            return List.of();
        }
        return explaining(errors).stream()
                .map(RealtimeSchemas::problem)
                .sorted(Comparator.comparingInt((Problem p) -> -depth(p.param())))
                .distinct()
                .toList();
    }

    /**
     * Within anyOf/oneOf the validator reports the failures of every branch. A branch whose {@code type} or
     * {@code role} does not match is not the one the event meant, so its failures are left out, as are the bare
     * "no branch matched" reports when a branch's own failures say more.
     */
    private static List<Error> explaining(List<Error> errors) {
        java.util.Set<String> otherBranches = new java.util.HashSet<>();
        for (Error error : errors) {
            List<String> branches = branches(error.getEvaluationPath());
            NodePath at = error.getInstanceLocation();
            Object last = at.getNameCount() == 0 ? null : at.getElement(at.getNameCount() - 1);
            if (Set.of("enum", "const").contains(error.getKeyword())
                    && ("type".equals(last) || "role".equals(last))
                    && !branches.isEmpty()) {
                otherBranches.add(branches.get(branches.size() - 1));
            }
        }
        List<Error> meant = errors.stream()
                .filter(error -> branches(error.getEvaluationPath()).stream().noneMatch(otherBranches::contains))
                .toList();
        if (meant.isEmpty()) {
            meant = errors;
        }
        List<Error> specific = meant.stream()
                .filter(error -> !Set.of("anyOf", "oneOf").contains(error.getKeyword()))
                .toList();
        return specific.isEmpty() ? meant : specific;
    }

    /** The anyOf/oneOf branches an evaluation went through, outermost first, each as its path. */
    private static List<String> branches(NodePath evaluation) {
        List<String> branches = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        Object previous = null;
        for (int i = 0; i < evaluation.getNameCount(); i++) {
            Object element = evaluation.getElement(i);
            path.append('/').append(element);
            if (element instanceof Integer && ("anyOf".equals(previous) || "oneOf".equals(previous))) {
                branches.add(path.toString());
            }
            previous = element;
        }
        return branches;
    }

    private static Problem problem(Error error) {
        String at = param(error.getInstanceLocation());
        String property = error.getProperty();
        return switch (error.getKeyword()) {
            case "required" -> {
                String param = join(at, property);
                yield new Problem("missing_required_parameter", param, "Missing required parameter: '" + param + "'.");
            }
            case "additionalProperties" -> {
                String param = join(at, property);
                yield new Problem("unknown_parameter", param, "Unknown parameter: '" + param + "'.");
            }
            case "type" ->
                new Problem("invalid_type", at, "Invalid type for '" + at + "': " + error.getMessage() + ".");
            default -> new Problem("invalid_value", at, "Invalid value for '" + at + "': " + error.getMessage() + ".");
        };
    }

    private static String join(String at, String property) {
        if (property == null || property.isEmpty()) {
            return at;
        }
        return at.isEmpty() ? property : at + "." + property;
    }

    private static int depth(String param) {
        return param.isEmpty() ? 0 : param.split("[.\\[]").length;
    }

    /** {@code session.tools[0].name}: the form the API's {@code param} takes. */
    private static String param(NodePath path) {
        StringBuilder param = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                param.append('[').append(index).append(']');
            } else {
                if (param.length() > 0) {
                    param.append('.');
                }
                param.append(element);
            }
        }
        return param.toString();
    }

    private static RealtimeSchemas load() {
        JsonNode file;
        try (InputStream in = RealtimeSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            file = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Map<Side, Map<String, Schema>> schemas = new java.util.EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Map<String, Schema> bySide = new TreeMap<>();
            file.path("events").path(side.key).properties().forEach(entry -> {
                JsonNode schema = entry.getValue().path("schema").deepCopy();
                closeObjects(schema);
                bySide.put(entry.getKey(), registry.getSchema(schema));
            });
            if (bySide.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " has no " + side.key + " events");
            }
            schemas.put(side, bySide);
        }
        return new RealtimeSchemas(schemas, file.path("x-source").path("commit").asString(""));
    }

    /**
     * Refuses undeclared fields: every object schema with {@code properties} and no word on additional ones gets
     * {@code additionalProperties: false}. The file inlines all references and uses no {@code allOf}, so each such
     * schema lists all the fields its object may have.
     */
    private static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.get("properties");
        if (properties != null && properties.isObject()) {
            if (!object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            properties.forEach(RealtimeSchemas::closeObjects);
        }
        for (String each : List.of("anyOf", "oneOf", "allOf", "prefixItems")) {
            JsonNode branches = object.get(each);
            if (branches != null && branches.isArray()) {
                branches.forEach(RealtimeSchemas::closeObjects);
            }
        }
        for (String each : List.of("items", "additionalProperties", "not", "contains")) {
            closeObjects(object.get(each));
        }
    }

    /** The problems as lines, for a violation message. */
    static String describe(List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        problems.stream().limit(5).forEach(problem -> lines.add(problem.toString()));
        return String.join("; ", lines);
    }
}
