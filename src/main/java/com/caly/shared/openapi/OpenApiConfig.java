package com.caly.shared.openapi;

import com.caly.shared.CurrentUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at /v3/api-docs, made true for client generators: a named, versioned API; its security
 * schemes on every operation; problem+json error responses with the catalogue of problem types; operation ids
 * {@code <module><HandlerMethod>}; anchored patterns; and schemas that say which fields are always present.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        // the signed-in member is resolved from the token, never sent as a parameter
        SpringDocUtils.getConfig()
                .addRequestWrapperToIgnore(CurrentUser.class)
                .replaceWithSchema(
                        tools.jackson.databind.JsonNode.class,
                        new JsonSchema()
                                .types(new LinkedHashSet<>(List.of("object", "array", "string", "number", "boolean")))
                                .description("Any JSON value"));
    }

    private static final String DESCRIPTION = """
            The API of Caly, whose voice agents answer companies' support lines: call history, recordings, \
            analytics, escalations, return requests, billing, phone numbers, agent settings and API keys.

            **Authentication.** Sign in with `POST /api/auth/login` and send the access token as \
            `Authorization: Bearer <token>`. Read-only integrations may send an API key instead (`X-API-Key`, \
            or `Authorization: Bearer caly_...`) on the GET operations that list `apiKey` among their security.

            **Errors** are RFC 9457 problems (`application/problem+json`). Branch on `type`, never on `title` \
            or `detail`: the `Problem` schema lists every type, and each error response names the types it may \
            carry (docs/errors.md has the same catalogue).

            **Fields.** A field listed as required is always present. A field that is not required is left out \
            when it has no value; a field that may be sent as `null` says so in its type.

            **Lists** are newest first in keyset pages: `limit` (1-100, 25 by default) and the `nextCursor` of \
            the page before as `cursor`. A query parameter an operation does not list, or one given twice, is a \
            400 problem naming it.""";

    @Bean
    OpenAPI calyOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        Components components = new Components()
                .addSecuritySchemes(
                        ApiDocs.BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token from /api/auth/login, /api/auth/verify-email or"
                                        + " /api/auth/refresh; valid 15 minutes"))
                .addSecuritySchemes(
                        ApiDocs.API_KEY,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-API-Key")
                                .description("A company API key (caly_<prefix>_<secret>) from /api/api-keys, for the"
                                        + " GETs its scopes cover; it may also be sent as Authorization: Bearer"
                                        + " caly_..."))
                .addSecuritySchemes(
                        ApiDocs.EXOTEL_TOKEN,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY)
                                .name("token")
                                .description("The secret in every Exotel webhook URL (EXOTEL_WEBHOOK_TOKEN)"))
                .addSecuritySchemes(
                        ApiDocs.OPERATOR_TOKEN,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-Operator-Token")
                                .description("OPERATOR_TOKEN, for the operators' reports; while it is unset they"
                                        + " answer 404"))
                .addSchemas("Problem", problemSchema());
        return new OpenAPI()
                .info(new Info()
                        .title("Caly API")
                        .version(properties == null ? "development" : properties.getVersion())
                        .description(DESCRIPTION))
                .components(components);
    }

    /** Ids, tags, security and error responses, from what the handler method takes. */
    @Bean
    OperationCustomizer calyOperations() {
        return (operation, handler) -> {
            String module = module(handler);
            String path = path(handler);
            removeQueryMaps(operation, handler);
            io.swagger.v3.oas.annotations.Operation annotated =
                    handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
            if (annotated == null || annotated.operationId().isBlank()) {
                String method = handler.getMethod().getName();
                operation.setOperationId(
                        module + method.substring(0, 1).toUpperCase(Locale.ROOT) + method.substring(1));
            }
            operation.setTags(List.of(module));
            boolean authenticated = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == CurrentUser.class);
            if (operation.getSecurity() == null) {
                operation.setSecurity(
                        authenticated ? List.of(new SecurityRequirement().addList(ApiDocs.BEARER)) : List.of());
            }
            boolean body = operation.getRequestBody() != null;
            boolean input = body
                    || (operation.getParameters() != null
                            && !operation.getParameters().isEmpty());
            boolean pathVariables = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(PathVariable.class));
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            // an error response springdoc built from an annotation describes the handler's return type, not a problem
            new LinkedHashMap<>(responses).forEach((code, response) -> {
                if (isError(code)) {
                    responses.addApiResponse(code, ApiDocs.problem(code, path, response.getDescription()));
                }
            });
            for (ProblemResponse declared : AnnotatedElementUtils.findMergedRepeatableAnnotations(
                    handler.getMethod(), ProblemResponse.class, ProblemResponse.List.class)) {
                String code = Integer.toString(declared.status());
                responses.addApiResponse(code, ApiDocs.problem(code, path, declared.description()));
            }
            Set<String> codes = new TreeSet<>();
            if (input) {
                codes.add("400");
            }
            if (authenticated) {
                codes.addAll(List.of("401", "403"));
            }
            if (pathVariables) {
                codes.add("404");
            }
            if (body) {
                codes.addAll(List.of("413", "415"));
            }
            codes.forEach(code -> responses.computeIfAbsent(code, c -> ApiDocs.problem(c, path, null)));
            responses.computeIfAbsent(
                    "default",
                    c -> ApiDocs.problem(
                            c, path, "Any other problem, such as 405, 406 or 500 (`/problems/internal-error`)"));
            operation.setResponses(ApiDocs.ordered(responses));
            return operation;
        };
    }

    /** What holds for the whole document once every operation is in. */
    @Bean
    OpenApiCustomizer calyDocument() {
        return openApi -> {
            Set<String> tags = new TreeSet<>();
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().stream()
                        .map(PathItem::readOperations)
                        .flatMap(List::stream)
                        .forEach(operation -> {
                            if (operation.getTags() != null) {
                                tags.addAll(operation.getTags());
                            }
                            if (operation.getParameters() != null) {
                                operation.getParameters().stream()
                                        .map(Parameter::getSchema)
                                        .forEach(OpenApiConfig::tidy);
                            }
                        });
            }
            openApi.setTags(tags.stream().map(name -> new Tag().name(name)).toList());
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().values().forEach(OpenApiConfig::tidy);
            }
        };
    }

    @Bean
    RecordSchemas recordSchemas() {
        return new RecordSchemas();
    }

    /**
     * Java's {@code @Pattern} matches the whole value, JSON Schema's {@code pattern} any part of it: anchor them. A
     * pattern beside an enum only restates it.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void tidy(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        String pattern = schema.getPattern();
        if (pattern != null) {
            if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                schema.setPattern(null);
            } else if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
                schema.setPattern("^(?:" + pattern + ")$");
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> tidy((Schema<?>) property));
        }
        tidy(schema.getItems());
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            tidy(additional);
        }
        for (List<Schema> group : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(member -> tidy(member));
            }
        }
    }

    private static Schema<?> problemSchema() {
        List<String> types = new ArrayList<>();
        String template = null;
        for (String type : ApiDocs.problemTypes()) {
            if (type.contains("{")) {
                template = type;
            } else {
                types.add(type);
            }
        }
        Schema<Object> known = new JsonSchema();
        known.setEnum(new ArrayList<>(types));
        List<Schema> typeForms = new ArrayList<>(List.of(known));
        if (template != null) {
            typeForms.add(new JsonSchema().pattern("^" + template.replace("{status}", "[1-5][0-9]{2}") + "$"));
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put(
                "type",
                ApiDocs.typed("string")
                        .anyOf(typeForms)
                        .description("The stable problem type; clients branch on it (see docs/errors.md)"));
        properties.put("title", ApiDocs.typed("string").description("A short summary, for people"));
        properties.put("status", ApiDocs.typed("integer").minimum(new java.math.BigDecimal(400)));
        properties.put("detail", ApiDocs.typed("string").description("What went wrong, for people"));
        properties.put("instance", ApiDocs.typed("string").description("The path of the request"));
        properties.put(
                "requestId",
                ApiDocs.typed("string").description("The request id, also in the X-Request-Id response header"));
        Schema<?> fieldError = ApiDocs.typed("object")
                .addProperty("field", ApiDocs.typed("string"))
                .addProperty("message", ApiDocs.typed("string"))
                .required(List.of("field", "message"));
        properties.put(
                "errors",
                ApiDocs.typed("array")
                        .items(fieldError)
                        .description(
                                "The failing fields or parameters (validation-failed, invalid-parameter, invalid-agent-settings)"));
        properties.put("parameter", ApiDocs.typed("string").description("The query or path parameter at fault"));
        properties.put(
                "known",
                ApiDocs.typed("array")
                        .items(ApiDocs.typed("string"))
                        .description("The parameters the endpoint takes (unknown-parameter)"));
        properties.put("field", ApiDocs.typed("string").description("The setting at fault (invalid-agent-settings)"));
        properties.put("attemptsRemaining", ApiDocs.typed("integer"));
        properties.put("retryAfterSeconds", ApiDocs.typed("integer").description("As the Retry-After header"));
        properties.put("limitBytes", ApiDocs.typed("integer"));
        properties.put("requiredScope", ApiDocs.typed("string"));
        properties.put("from", ApiDocs.typed("string").description("The current status (invalid-transition)"));
        properties.put("to", ApiDocs.typed("string").description("The status asked for (invalid-transition)"));
        properties.put(
                "allowed",
                ApiDocs.typed("array").items(ApiDocs.typed("string")).description("Where it may move instead"));
        Schema<?> problem = ApiDocs.typed("object").description("An RFC 9457 problem");
        problem.setProperties(properties);
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }

    /** {@code calls} for {@code com.caly.calls.CallController}: the module is the package under com.caly. */
    private static String module(HandlerMethod handler) {
        String[] parts = handler.getBeanType().getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "caly";
    }

    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return first(type) + first(method);
    }

    private static String first(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    /** A {@code @RequestParam MultiValueMap} is read strictly by the handler; its parameters are declared by name. */
    private static void removeQueryMaps(Operation operation, HandlerMethod handler) {
        if (operation.getParameters() == null) {
            return;
        }
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (MultiValueMap.class.isAssignableFrom(parameter.getParameterType())
                    && parameter.hasParameterAnnotation(RequestParam.class)) {
                String name = parameter.getParameterName();
                operation
                        .getParameters()
                        .removeIf(p -> "query".equals(p.getIn()) && p.getName().equals(name));
            }
        }
        if (operation.getParameters().isEmpty()) {
            operation.setParameters(null);
        }
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5") || code.equals("default");
    }
}
