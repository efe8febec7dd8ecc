package com.caly.shared.notify;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Notifications between the instances on one database. Each instance holds one connection of its own (outside the
 * pool, which it would otherwise shrink for good) that LISTENs to every channel a module subscribed to before
 * start-up, reconnecting after a failure; notifications sent while it was away are lost, so what subscribers need
 * to be complete they read from the tables. Handlers run on the listening thread, one at a time, and must not
 * block.
 */
@Component
public class PostgresNotifications implements SmartLifecycle {

    /** PostgreSQL refuses a payload of 8,000 bytes or more (its default build). */
    public static final int MAX_PAYLOAD_BYTES = 7_999;

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private @Nullable Thread listener;

    PostgresNotifications(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Calls {@code handler} with the payload of every notification on {@code channel}; before start-up only. */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /**
     * Sends a notification, with the current transaction if there is one (PostgreSQL delivers it at the commit, to
     * every listening instance, this one included) or at once.
     *
     * @throws IllegalArgumentException when the payload is over {@link #MAX_PAYLOAD_BYTES} in UTF-8
     */
    public void send(String channel, String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("notification payload over " + MAX_PAYLOAD_BYTES + " bytes");
        }
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", channel)
                .param("payload", payload)
                .query((rs, row) -> 1)
                .single();
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("The notification listener lost its connection; reconnecting: {}", e.toString());
                    sleep(1_000);
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.warn("A handler of notifications on {} failed", channel, e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        if (handlers.isEmpty()) {
            return;
        }
        listener = new Thread(this::listen, "postgres-notifications");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
