package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.query.KeysetCursor;
import com.caly.shared.query.KeysetQuery;
import com.caly.shared.query.Page;
import com.caly.shared.query.QueryParameters;
import com.caly.shared.query.TimeWindow;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** Every tool the agent ran on the company's calls, newest first. */
@Service
class ActionLog {

    private static final Set<String> PARAMETERS =
            Set.of("tool", "status", "callId", "from", "to", "tz", "limit", "cursor");

    private final JdbcClient jdbc;

    ActionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Page<CallViews.Action> list(TenantId company, MultiValueMap<String, String> parameters) {
        QueryParameters query = QueryParameters.of(parameters, PARAMETERS);
        String tool = query.text("tool", 100);
        KeysetQuery sql = new KeysetQuery(
                        "select id, call_id, tool, arguments::text, result::text, status, duration_ms, created_at from actions a"
                                + " where a.company_id = :company",
                        "a.created_at",
                        "a.id")
                .param("company", company.value())
                .within(TimeWindow.open(query))
                .where("a.tool = :tool", "tool", tool)
                .anyOf(
                        "a.status",
                        "statuses",
                        query.oneOf("status", Set.of("ok", "error", "invalid_arguments", "timeout")))
                .where("a.call_id = :call", "call", query.uuid("callId"));
        return sql.page(
                jdbc,
                query.integer("limit", CallFilter.DEFAULT_LIMIT, 1, CallFilter.MAX_LIMIT),
                KeysetCursor.read(query, "cursor"),
                (rs, n) -> CallViews.action(rs),
                a -> new KeysetCursor(a.createdAt(), UUID.fromString(a.id())));
    }
}
