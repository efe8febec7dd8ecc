package com.caly.shared.query;

import com.caly.shared.web.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;

/**
 * A request's query string, read strictly: a parameter the endpoint does not know, a repeated one, or a value of
 * the wrong kind is a 400 problem naming it, never silently ignored (a misspelt filter would otherwise return
 * every row).
 */
public final class QueryParameters {

    public static final String UNKNOWN_PARAMETER = "unknown-parameter";
    public static final String INVALID_PARAMETER = "invalid-parameter";

    private final MultiValueMap<String, String> values;

    private QueryParameters(MultiValueMap<String, String> values) {
        this.values = values;
    }

    public static QueryParameters of(MultiValueMap<String, String> values, Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new ApiException(
                                HttpStatus.BAD_REQUEST,
                                UNKNOWN_PARAMETER,
                                "Unknown parameter",
                                "This endpoint does not take the parameter '" + shorten(name) + "'")
                        .with("parameter", shorten(name))
                        .with("known", known.stream().sorted().toList());
            }
            if (values.get(name).size() > 1) {
                throw invalid(name, "is given more than once; give a comma-separated list instead");
            }
        }
        return new QueryParameters(values);
    }

    public static ApiException invalid(String name, String problem) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "Invalid parameter", "'" + name + "' " + problem)
                .with("parameter", name)
                // as validation-failed lists its fields, so that a client shows the message beside the parameter's
                // input
                .with("errors", List.of(Map.of("field", name, "message", problem)));
    }

    public @Nullable String string(String name) {
        String value = values.getFirst(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public @Nullable String text(String name, int maxLength) {
        String value = string(name);
        if (value != null && value.length() > maxLength) {
            throw invalid(name, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = string(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number");
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    public @Nullable Boolean bool(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(name, "must be true or false");
        };
    }

    public @Nullable UUID uuid(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be an id");
        }
    }

    /** A comma-separated list whose every entry is one of {@code allowed}; empty when absent. */
    public List<String> oneOf(String name, Set<String> allowed) {
        return list(name, value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw invalid(
                        name,
                        "takes " + String.join(", ", allowed.stream().sorted().toList()));
            }
            return lower;
        });
    }

    public <T> List<T> list(String name, Function<String, T> each) {
        String value = string(name);
        if (value == null) {
            return List.of();
        }
        String[] parts = value.split(",", -1);
        if (parts.length > 20) {
            throw invalid(name, "takes at most 20 values");
        }
        return java.util.Arrays.stream(parts)
                .map(String::trim)
                .filter(part -> !part.isEmpty())
                .map(each)
                .distinct()
                .toList();
    }

    private static String shorten(String name) {
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
