package com.caly.calls;

import com.caly.shared.TenantId;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The company's calls in progress, read from the database so that every instance's calls are in it, each with its
 * transcript so far (lines are written as they become final, while the call goes on).
 */
@Component
class LiveCalls {

    /** More calls at once than a console screen shows; the newest are kept. */
    static final int MAX_CALLS = 200;
    /** A transcript's latest lines; the whole one is in {@code GET /api/calls/{id}}. */
    static final int MAX_LINES = 500;

    private static final Set<String> HANDED_OFF = Set.of("handoff", "ai_unavailable", "no_agent", "at_capacity");
    // the call's latest hand-off brief, so a console that (re)connects has it without the call.escalated event
    private static final String COLUMNS = """
            c.id, c.direction, c.from_number, c.to_number, c.status, c.started_at, c.answered_at, c.escalated,
            c.end_reason, (select e.brief::text from escalations e where e.company_id = c.company_id
                and e.call_id = c.id and e.brief is not null order by e.created_at desc, e.id desc limit 1) as brief""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallsProperties.Live settings;

    LiveCalls(JdbcClient jdbc, Clock clock, CallsProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.live();
    }

    /**
     * A call in progress.
     *
     * @param agentState {@code waiting}: the agent has not taken the call's stream yet; {@code talking}: the agent
     *     is on the line; {@code handed_off}: the agent handed the caller to a person; {@code ended}: the agent left
     *     the line, the call goes on in the provider's flow
     * @param brief the hand-off brief of the call's latest escalation, as the {@code call.escalated} event had it
     *     (with its reason and urgency); absent until the call is escalated
     */
    record LiveCall(
            String id,

            @Schema(allowableValues = {"inbound", "outbound"})
            String direction,

            @Nullable String from,
            @Nullable String to,

            @Schema(allowableValues = {"initiated", "ringing", "in_progress"})
            String status,

            @Schema(allowableValues = {"waiting", "talking", "handed_off", "ended"})
            String agentState,

            boolean escalated,
            Instant startedAt,
            @Nullable Instant answeredAt,
            List<LiveLine> transcript,

            @Schema(description = "The hand-off brief of the call's latest escalation; absent until it is escalated")
            @Nullable
            HandoffBrief brief) {}

    /**
     * A final line of a transcript.
     *
     * @param startMs when it began, in milliseconds from the start of the call's stream
     * @param at when it was recorded
     * @param truncated only in events: the text was cut to fit a notification; the list has all of it
     */
    record LiveLine(
            int sequence,

            @Schema(allowableValues = {"caller", "agent", "human", "system"})
            String speaker,

            String text,
            long startMs,
            long endMs,
            boolean interrupted,
            Instant at,
            boolean truncated) {}

    record LiveCallList(List<LiveCall> calls) {}

    LiveCallList list(TenantId company) {
        List<LiveCall> calls = jdbc.sql("select " + COLUMNS + """
                         from calls c
                        where c.company_id = :company and c.status in ('initiated', 'ringing', 'in_progress')
                          and c.started_at > :since
                        order by c.started_at desc, c.id desc limit :limit""")
                .param("company", company.value())
                .param("since", Timestamp.from(clock.instant().minus(settings.maxCallAge())))
                .param("limit", MAX_CALLS)
                .query((rs, n) -> call(rs, List.of()))
                .list();
        if (calls.isEmpty()) {
            return new LiveCallList(calls);
        }
        Map<UUID, List<LiveLine>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        select call_id, sequence, speaker, text, start_ms, end_ms, interrupted, created_at from (
                            select t.*, row_number() over (partition by t.call_id order by t.sequence desc) as latest
                              from transcripts t where t.company_id = :company and t.call_id in (:calls)) l
                        where latest <= :lines order by call_id, sequence""")
                .param("company", company.value())
                .param(
                        "calls",
                        calls.stream().map(call -> UUID.fromString(call.id())).toList())
                .param("lines", MAX_LINES)
                .query(rs -> {
                    lines.computeIfAbsent(rs.getObject("call_id", UUID.class), id -> new ArrayList<>())
                            .add(line(rs));
                });
        return new LiveCallList(calls.stream()
                .map(call -> new LiveCall(
                        call.id(),
                        call.direction(),
                        call.from(),
                        call.to(),
                        call.status(),
                        call.agentState(),
                        call.escalated(),
                        call.startedAt(),
                        call.answeredAt(),
                        lines.getOrDefault(UUID.fromString(call.id()), List.of()),
                        call.brief()))
                .toList());
    }

    /** One call as the list has it, without its transcript, in whatever state. */
    Optional<LiveCall> find(TenantId company, CallId call) {
        return jdbc.sql("select " + COLUMNS + " from calls c where c.company_id = :company and c.id = :id")
                .param("company", company.value())
                .param("id", call.value())
                .query((rs, n) -> call(rs, List.of()))
                .optional();
    }

    static String agentState(@Nullable Instant answeredAt, @Nullable String endReason, boolean escalated) {
        if (endReason != null) {
            return escalated || HANDED_OFF.contains(endReason) ? "handed_off" : "ended";
        }
        return answeredAt == null ? "waiting" : "talking";
    }

    private static LiveCall call(ResultSet rs, List<LiveLine> transcript) throws SQLException {
        Instant answered = instant(rs, "answered_at");
        boolean escalated = rs.getBoolean("escalated");
        return new LiveCall(
                rs.getObject("id", UUID.class).toString(),
                rs.getString("direction"),
                rs.getString("from_number"),
                rs.getString("to_number"),
                rs.getString("status"),
                agentState(answered, rs.getString("end_reason"), escalated),
                escalated,
                rs.getTimestamp("started_at").toInstant(),
                answered,
                transcript,
                CallViews.brief(rs.getString("brief")));
    }

    private static LiveLine line(ResultSet rs) throws SQLException {
        return new LiveLine(
                rs.getInt("sequence"),
                rs.getString("speaker"),
                rs.getString("text"),
                rs.getLong("start_ms"),
                rs.getLong("end_ms"),
                rs.getBoolean("interrupted"),
                rs.getTimestamp("created_at").toInstant(),
                false);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
