package com.caly.telephony.exotel;

import com.caly.calls.ProviderAnomaly;
import com.caly.shared.query.TimeWindow;
import com.caly.shared.web.TextInputPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parameters of an Exotel webhook, whichever way they came: a GET query string, a POST form, or a POST JSON
 * body. Values are unquoted (Exotel wraps some, such as digits, in literal quotes); {@code Stream} sent as one JSON
 * string is spread into {@code Stream[Key]} entries.
 */
final class ExotelParameters {

    static final ZoneId EXOTEL_ZONE = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter EXOTEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    // the Created of a Voicebot URL request, e.g. "Tue, 25 Aug 2026 12:07:08"
    private static final DateTimeFormatter EXOTEL_CREATED =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss", Locale.ENGLISH);
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> values;

    private ExotelParameters(Map<String, String> values) {
        this.values = values;
    }

    static ExotelParameters of(Map<String, String> values) {
        Map<String, String> cleaned = new LinkedHashMap<>();
        values.forEach((key, value) -> cleaned.putIfAbsent(clean(key), unquote(clean(value))));
        String stream = cleaned.get("Stream");
        if (stream != null && stream.startsWith("{")) {
            try {
                JSON.readTree(stream)
                        .properties()
                        .forEach(e ->
                                cleaned.putIfAbsent("Stream[" + clean(e.getKey()) + "]", clean(text(e.getValue()))));
            } catch (RuntimeException ignored) {
                // a Stream value that is not JSON stays as it is
            }
        }
        return new ExotelParameters(cleaned);
    }

    /**
     * Exotel's values with the control characters {@link TextInputPolicy} forbids dropped, not refused: a refused
     * webhook would lose the call, and dropping (rather than replacing) keeps a CallSid or number usable.
     */
    private static String clean(@Nullable String value) {
        return value == null ? "" : TextInputPolicy.clean(value);
    }

    /** Reads the query and form parameters, and a JSON body when that is what was sent. */
    static ExotelParameters from(HttpServletRequest request) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        request.getParameterMap().forEach((key, array) -> {
            if (array.length > 0 && !"token".equals(key)) {
                values.put(key, array[0]);
            }
        });
        String type = request.getContentType();
        byte[] body = type != null && type.toLowerCase().contains("json")
                ? request.getInputStream().readAllBytes()
                : new byte[0];
        if (body.length > 0) {
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (RuntimeException e) {
                throw new IOException("malformed JSON", e);
            }
            if (!node.isObject()) {
                throw new IOException("JSON body must be an object");
            }
            node.properties().forEach(e -> {
                if (e.getValue().isObject() && e.getKey().equals("Stream")) {
                    e.getValue()
                            .properties()
                            .forEach(s -> values.putIfAbsent("Stream[" + s.getKey() + "]", text(s.getValue())));
                } else {
                    values.putIfAbsent(e.getKey(), text(e.getValue()));
                }
            });
        }
        return of(values);
    }

    @Nullable
    String get(String... names) {
        for (String name : names) {
            String value = values.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** An Exotel time (IST, {@code yyyy-MM-dd HH:mm:ss}); Exotel's placeholder {@code 1970-01-01 05:30:00} is absent. */
    @Nullable
    Instant time(String... names) {
        String value = get(names);
        if (value == null) {
            return null;
        }
        try {
            return parseTime(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** As {@link #time(String...)}, noting a value that is not a time as an anomaly of the call's {@code field}. */
    @Nullable
    Instant time(String field, List<ProviderAnomaly> anomalies, String... names) {
        String value = get(names);
        if (value == null) {
            return null;
        }
        try {
            return parseTime(value);
        } catch (DateTimeParseException e) {
            anomalies.add(ProviderAnomaly.unreadable(field, value));
            return null;
        }
    }

    /** A count such as a duration in seconds: absent unless a whole number from 0 to {@link Integer#MAX_VALUE}. */
    @Nullable
    Long number(String... names) {
        String value = get(names);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value);
            return number < 0 || number > Integer.MAX_VALUE ? null : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A whole number of seconds, of any sign (whether it is plausible is the call's to judge); text that is not a
     * whole number, or one past what a long holds, is noted as an anomaly of {@code field} and absent.
     */
    @Nullable
    Long seconds(String field, List<ProviderAnomaly> anomalies, String... names) {
        String value = get(names);
        if (value == null) {
            return null;
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            anomalies.add(ProviderAnomaly.unreadable(field, value));
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            anomalies.add(new ProviderAnomaly(field, value, ProviderAnomaly.OUT_OF_RANGE, null));
            return null;
        }
    }

    /**
     * Exotel's {@code yyyy-MM-dd HH:mm:ss} or {@code Tue, 25 Aug 2026 12:07:08} (both IST), or an ISO instant; the
     * epoch (Exotel's placeholder for no time) is null. Throws when the value is none of these.
     */
    private static @Nullable Instant parseTime(String value) {
        Instant instant;
        try {
            instant =
                    LocalDateTime.parse(value, EXOTEL_TIME).atZone(EXOTEL_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = LocalDateTime.parse(value, EXOTEL_CREATED)
                        .atZone(EXOTEL_ZONE)
                        .toInstant();
            } catch (DateTimeParseException notCreated) {
                instant = Instant.parse(value);
            }
        }
        // a time the database cannot hold is as unreadable as a malformed one
        return instant.getEpochSecond() == 0 || !TimeWindow.reachable(instant) ? null : instant;
    }

    Map<String, String> asMap() {
        return values;
    }

    private static String unquote(@Nullable String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asString() : node.toString();
    }
}
