package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.calls.CallService;
import com.caly.shared.TenantId;
import com.caly.shared.notify.PostgresNotifications;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands for live calls, whichever instance holds them: a command is a PostgreSQL NOTIFY that every instance
 * LISTENs for (through {@link PostgresNotifications}), and the one whose registry has the call carries it out.
 */
@Component
public class LiveCallCommands {

    static final String CHANNEL = "caly_live_call";
    private static final Logger log = LoggerFactory.getLogger(LiveCallCommands.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PostgresNotifications notifications;
    private final MediaSessionRegistry registry;
    private final CallService calls;

    LiveCallCommands(PostgresNotifications notifications, MediaSessionRegistry registry, CallService calls) {
        this.notifications = notifications;
        this.registry = registry;
        this.calls = calls;
        notifications.subscribe(CHANNEL, this::apply);
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
        notifications.send(CHANNEL, payload);
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
}
