package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The live calls of this instance. Enforces the idle timeout and the 60-minute cap, counts active calls as a
 * metric, and on shutdown stops taking new calls and gives live ones time to finish before closing them. A
 * session's state is its loop's: what is done to a session from here is posted to its loop.
 */
@Component
class MediaSessionRegistry implements SmartLifecycle, com.caly.shared.live.LiveCallCount {

    static final Duration MAX_CALL = Duration.ofMinutes(60);
    static final Duration IDLE = Duration.ofSeconds(30);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(MediaSessionRegistry.class);

    private record Started(TenantId companyId, MediaSession session) {}

    private final Map<String, MediaSession> sessions = new ConcurrentHashMap<>();
    private final Map<CallId, Started> byCall = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private final io.micrometer.core.instrument.Counter refusals;
    private volatile boolean accepting;

    MediaSessionRegistry(MeterRegistry meters, Clock clock, com.caly.telephony.TelephonyProperties properties) {
        this.clock = clock;
        this.capacity = properties.maxLiveCalls();
        Gauge.builder("caly.calls.active", sessions, Map::size)
                .description("Live calls streaming through this instance")
                .register(meters);
        this.refusals = io.micrometer.core.instrument.Counter.builder("caly.calls.refused")
                .description("Calls refused because this instance was at its live-call limit")
                .register(meters);
    }

    @Override
    public int liveCalls() {
        return sessions.size();
    }

    /** Whether this instance holds as many live calls as it may (MAX_LIVE_CALLS). */
    boolean atCapacity() {
        return liveCalls() >= capacity;
    }

    void refused() {
        refusals.increment();
    }

    boolean accepting() {
        return accepting;
    }

    void add(MediaSession session) {
        sessions.put(session.id(), session);
    }

    /** The stream's call is known (on the container's thread, at the start). */
    void started(MediaSession session, TenantId companyId, CallId callId) {
        byCall.put(callId, new Started(companyId, session));
    }

    void remove(MediaSession session) {
        sessions.remove(session.id());
        byCall.values().removeIf(started -> started.session() == session);
    }

    /** The live stream of a company's call on this instance. */
    Optional<MediaSession> find(TenantId companyId, CallId callId) {
        return Optional.ofNullable(byCall.get(callId))
                .filter(started -> started.companyId().equals(companyId))
                .map(Started::session);
    }

    @Scheduled(fixedDelay = 5_000)
    void closeIdleAndOverlongCalls() {
        Instant now = clock.instant();
        for (MediaSession session : sessions.values()) {
            session.loop().post(() -> {
                if (session.startedAt().plus(MAX_CALL).isBefore(now)) {
                    session.close(
                            org.springframework.web.socket.CloseStatus.NORMAL.withReason("call reached 60 minutes"),
                            "max_duration");
                } else if (session.lastActivity().plus(IDLE).isBefore(now)) {
                    session.close(org.springframework.web.socket.CloseStatus.NORMAL.withReason("no audio"), "idle");
                }
            });
        }
    }

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        Instant deadline = clock.instant().plus(SHUTDOWN_GRACE);
        while (!sessions.isEmpty() && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!sessions.isEmpty()) {
            log.warn("Closing {} live calls at shutdown", sessions.size());
            for (MediaSession session : sessions.values()) {
                session.loop()
                        .post(() -> session.close(org.springframework.web.socket.CloseStatus.GOING_AWAY, "shutdown"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stop before the web server: refuse new calls first, then let live ones finish on their open sockets. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
