package com.caly.calls;

import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/** What GET /api/calls was asked for: the filters, the page size and where the page starts. */
record CallFilter(
        TimeWindow window,
        List<String> statuses,
        List<String> outcomes,
        List<String> directions,
        List<String> channels,
        @Nullable String caller,
        @Nullable Boolean escalated,
        @Nullable Boolean hasRecording,
        @Nullable String words,
        int limit,
        @Nullable KeysetCursor after) {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final Set<String> PARAMETERS = Set.of(
            "from",
            "to",
            "tz",
            "status",
            "outcome",
            "direction",
            "channel",
            "caller",
            "escalated",
            "hasRecording",
            "q",
            "limit",
            "cursor");
    static final Set<String> STATUSES = Set.of(
            "initiated", "ringing", "in_progress", "completed", "busy", "no_answer", "failed", "canceled", "refused");
    static final Set<String> OUTCOMES =
            Set.of("resolved", "escalated", "abandoned", "voicemail", "failed", "unresolved");
    static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");
    static final Set<String> CHANNELS = Set.of("phone", "web");

    static CallFilter from(MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        String caller = query.text("caller", 32);
        if (caller != null && !caller.matches("\\+?[0-9]{3,20}")) {
            throw QueryParameters.invalid("caller", "must be a phone number, digits with an optional leading +");
        }
        String words = query.text("q", 200);
        if (words != null && !words.matches(".*[\\p{L}\\p{N}].*")) {
            throw QueryParameters.invalid("q", "must hold at least one word");
        }
        return new CallFilter(
                TimeWindow.open(query),
                query.oneOf("status", STATUSES),
                query.oneOf("outcome", OUTCOMES),
                query.oneOf("direction", DIRECTIONS),
                query.oneOf("channel", CHANNELS),
                caller,
                query.bool("escalated"),
                query.bool("hasRecording"),
                words,
                query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                KeysetCursor.read(query, "cursor"));
    }
}
