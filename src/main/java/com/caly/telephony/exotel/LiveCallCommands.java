package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.calls.CallService;
import com.caly.shared.TenantId;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands for live calls, whichever instance holds them: a command is a PostgreSQL NOTIFY that every instance
 * LISTENs for, and the one whose registry has the call carries it out. Each instance keeps one connection for
 * listening, reconnecting after a failure.
 */
@Component
public class LiveCallCommands implements SmartLifecycle {

    static final String CHANNEL = "caly_live_call";
    private static final Logger log = LoggerFactory.getLogger(LiveCallCommands.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final MediaSessionRegistry registry;
    private final CallService calls;
    private volatile boolean running;
    private Thread listener;

    LiveCallCommands(JdbcClient jdbc, DataSource dataSource, MediaSessionRegistry registry, CallService calls) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.registry = registry;
        this.calls = calls;
    }

    /**
     * Hands the live call to a person: its stream ends, so the flow's after-bot answer connects a human. The
     * notification carries ids only (PostgreSQL refuses payloads over 8,000 bytes); the why is in the escalation.
     */
    public void handOff(TenantId companyId, CallId callId, UUID escalationId) {
        calls.setEndReason(companyId, callId, "handoff", true);
        String payload = JSON.writeValueAsString(Map.of(
                "command",
                "handoff",
                "companyId",
                companyId.toString(),
                "callId",
                callId.toString(),
                "escalationId",
                escalationId.toString()));
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", CHANNEL)
                .param("payload", payload)
                .query((rs, row) -> 1)
                .single();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            apply(notification.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Live-call command listener lost its connection; reconnecting: {}", e.toString());
                    sleep(1_000);
                }
            }
        }
    }

    private void apply(String payload) {
        JsonNode command;
        try {
            command = JSON.readTree(payload);
        } catch (RuntimeException e) {
            log.warn("Ignoring an unreadable live-call command");
            return;
        }
        if (!"handoff".equals(command.path("command").asString())) {
            return;
        }
        Optional<MediaSession> session;
        try {
            session = registry.find(
                    new TenantId(UUID.fromString(command.path("companyId").asString())),
                    new CallId(UUID.fromString(command.path("callId").asString())));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a live-call command with unreadable ids");
            return;
        }
        session.ifPresent(live -> {
            log.info(
                    "Handing call {} to a person (escalation {})",
                    command.path("callId").asString(),
                    command.path("escalationId").asString());
            // the call's state is its loop's; the socket is closed on a worker, off this listener thread (which is
            // interrupted at shutdown)
            live.loop().post(() -> live.close(CloseStatus.NORMAL.withReason("handed to a person"), "handoff"));
        });
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
        listener = new Thread(this::listen, "live-call-commands");
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
