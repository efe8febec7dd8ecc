package com.caly.shared.query;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A newest-first list of one company's rows, built up from optional filters and read one keyset page at a time:
 * ordered by a time column and the id, continuing strictly after a cursor, one row more than the page fetched to
 * know whether another page follows.
 */
public final class KeysetQuery {

    private final StringBuilder sql;
    private final Map<String, Object> params = new HashMap<>();
    private final String timeColumn;
    private final String idColumn;

    /** {@code select} ends in a where clause that the filters extend with {@code and}. */
    public KeysetQuery(String select, String timeColumn, String idColumn) {
        this.sql = new StringBuilder(select);
        this.timeColumn = timeColumn;
        this.idColumn = idColumn;
    }

    public KeysetQuery param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** Adds {@code and condition} with its one parameter, unless the value is absent. */
    public KeysetQuery where(String condition, String name, @Nullable Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            params.put(name, value);
        }
        return this;
    }

    public KeysetQuery where(String condition) {
        sql.append(" and ").append(condition);
        return this;
    }

    /** The column is one of the values; no condition when the list is empty. */
    public KeysetQuery anyOf(String column, String name, List<String> values) {
        if (!values.isEmpty()) {
            sql.append(" and ").append(column).append(" = any(:").append(name).append(")");
            params.put(name, values.toArray(String[]::new));
        }
        return this;
    }

    /** The time column within the window's bounds, where it has them. */
    public KeysetQuery within(TimeWindow window) {
        where(
                timeColumn + " >= :windowFrom",
                "windowFrom",
                window.from() == null ? null : Timestamp.from(window.from()));
        return where(timeColumn + " < :windowTo", "windowTo", window.to() == null ? null : Timestamp.from(window.to()));
    }

    public <T> Page<T> page(
            JdbcClient jdbc,
            int limit,
            @Nullable KeysetCursor after,
            RowMapper<T> rows,
            Function<T, KeysetCursor> cursorOf) {
        if (after != null) {
            sql.append(" and (")
                    .append(timeColumn)
                    .append(", ")
                    .append(idColumn)
                    .append(") < (:afterAt, :afterId)");
            params.put("afterAt", Timestamp.from(after.at()));
            params.put("afterId", after.id());
        }
        sql.append(" order by ")
                .append(timeColumn)
                .append(" desc, ")
                .append(idColumn)
                .append(" desc limit :pageLimit");
        params.put("pageLimit", limit + 1);
        List<T> found = jdbc.sql(sql.toString()).params(params).query(rows).list();
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<T> page = List.copyOf(found.subList(0, limit));
        return new Page<>(page, cursorOf.apply(page.get(limit - 1)).token());
    }
}
