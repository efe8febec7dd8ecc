package com.caly.shared.openapi;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** What modules use to describe their operations in the OpenAPI document the same way as everything else. */
public final class ApiDocs {

    /** An access token from {@code /api/auth/login}, as {@code Authorization: Bearer <jwt>}. */
    public static final String BEARER = "bearerAuth";
    /** A company API key in {@code X-API-Key} (or as {@code Authorization: Bearer caly_...}). */
    public static final String API_KEY = "apiKey";
    /** The secret {@code token} query parameter of every Exotel webhook URL. */
    public static final String EXOTEL_TOKEN = "exotelWebhookToken";
    /** {@code X-Operator-Token} for the operators' reports. */
    public static final String OPERATOR_TOKEN = "operatorToken";

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static @Nullable ProblemCatalog catalog;

    private ApiDocs() {}

    /**
     * A problem+json response for the status; its description names the problem types of the catalogue that a
     * request to the path may get with that status.
     */
    public static ApiResponse problem(String status, String path, @Nullable String lead) {
        List<ProblemCatalog.Entry> types = catalog().at(status, path);
        StringBuilder description = new StringBuilder(
                lead == null || lead.isBlank() ? reason(status) : lead.trim().replaceAll("\\.$", ""));
        if (!types.isEmpty()) {
            description
                    .append(". Problem types: ")
                    .append(types.stream()
                            .map(entry -> "`" + entry.type() + "` (" + entry.when() + ")")
                            .collect(Collectors.joining("; ")));
        }
        return new ApiResponse()
                .description(description.toString())
                .content(new Content()
                        .addMediaType(PROBLEM_JSON, new MediaType().schema(new JsonSchema().$ref(PROBLEM_SCHEMA))));
    }

    /** Every problem type of the catalogue, such as {@code /problems/invalid-otp}. */
    public static Set<String> problemTypes() {
        return catalog().entries().stream()
                .map(ProblemCatalog.Entry::type)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The responses by status code, {@code default} last. */
    public static ApiResponses ordered(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        responses.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(code -> code.equals("default") ? "999" : code)))
                .forEach(entry -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
        return sorted;
    }

    static ProblemCatalog catalog() {
        ProblemCatalog loaded = catalog;
        if (loaded == null) {
            loaded = ProblemCatalog.load();
            catalog = loaded;
        }
        return loaded;
    }

    /** A schema of one JSON type, as OpenAPI 3.1 writes it. */
    public static Schema<?> typed(String type) {
        return new JsonSchema().types(new LinkedHashSet<>(List.of(type)));
    }

    private static String reason(String status) {
        if (status.equals("default")) {
            return "Any other problem";
        }
        HttpStatus http = HttpStatus.resolve(Integer.parseInt(status));
        return http == null ? "Error " + status : http.getReasonPhrase();
    }
}
