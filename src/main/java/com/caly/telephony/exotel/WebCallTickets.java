package com.caly.telephony.exotel;

import com.caly.calls.CallChannel;
import com.caly.calls.CallId;
import com.caly.calls.CallReport;
import com.caly.calls.CallService;
import com.caly.calls.CallStatus;
import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.telephony.TelephonyProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one-time tickets that open a web call's media stream: 32 random bytes, bound to one company, member and
 * call, valid for WEB_CALL_TICKET_VALIDITY and for one connection. Browsers cannot send an Authorization header on
 * a WebSocket upgrade, so the ticket in the URL stands in for the member's access token. Only its SHA-256 is
 * stored, in the database so that any instance can take the stream. A ticket redeemed once is spent, whether the
 * stream then goes well or not; a call whose stream never started is canceled once its ticket has lapsed.
 */
@Component
class WebCallTickets {

    /** After its expiry, how long a redeemed ticket's call may still be starting before it counts as never begun. */
    static final Duration START_GRACE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(WebCallTickets.class);
    private static final int TOKEN_BYTES = 32;
    /** 32 bytes in unpadded base64url. */
    private static final String TOKEN_PATTERN = "[A-Za-z0-9_-]{43}";

    record Issued(String ticket, Instant expiresAt) {}

    private final JdbcClient jdbc;
    private final CallService calls;
    private final Clock clock;
    private final Duration validity;

    WebCallTickets(JdbcClient jdbc, CallService calls, Clock clock, TelephonyProperties properties) {
        this.jdbc = jdbc;
        this.calls = calls;
        this.clock = clock;
        this.validity = properties.webCall().ticketValidity();
    }

    Issued issue(TenantId company, UserId member, CallId call) {
        String ticket = Secrets.randomToken(TOKEN_BYTES);
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        jdbc.sql("""
                        insert into web_call_tickets (token_hash, company_id, member_id, call_id, expires_at, created_at)
                        values (:hash, :company, :member, :call, :expires, :now)""")
                .param("hash", Secrets.sha256(ticket))
                .param("company", company.value())
                .param("member", member.value())
                .param("call", call.value())
                .param("expires", Timestamp.from(expires))
                .param("now", Timestamp.from(now))
                .update();
        return new Issued(ticket, expires);
    }

    /** Whether the text could be a ticket at all: checked before anything is looked up. */
    static boolean wellFormed(String ticket) {
        return ticket.matches(TOKEN_PATTERN);
    }

    /**
     * Spends the ticket and returns the call it opens; empty when it is unknown, expired or already spent. Blocks
     * (the database): never called on a call's loop.
     */
    Optional<StreamTokens.Claims> redeem(String ticket) {
        if (!wellFormed(ticket)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        record Redeemed(UUID company, String callSid, Instant expiresAt) {}
        Optional<Redeemed> redeemed = jdbc.sql("""
                        update web_call_tickets t set used_at = :now
                        from calls c
                        where t.token_hash = :hash and t.used_at is null and t.expires_at > :now and not t.settled
                          and c.id = t.call_id and c.company_id = t.company_id
                        returning t.company_id, t.call_id, t.expires_at, c.provider_call_sid""")
                .param("hash", Secrets.sha256(ticket))
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Redeemed(
                        rs.getObject("company_id", UUID.class),
                        rs.getString("provider_call_sid"),
                        rs.getTimestamp("expires_at").toInstant()))
                .optional();
        if (redeemed.isEmpty()) {
            log.info("A web call's stream came with a ticket that is unknown, expired or spent; refused");
            return Optional.empty();
        }
        Redeemed found = redeemed.get();
        return Optional.of(new StreamTokens.Claims(
                found.callSid(), new TenantId(found.company()), found.expiresAt(), CallChannel.WEB_PROVIDER));
    }

    /**
     * The calls of lapsed tickets whose stream never started (the browser never connected, or was refused) are
     * canceled: they end unanswered and bill nothing. Each ticket is settled by one instance.
     */
    @Scheduled(fixedDelay = 15_000, initialDelay = 15_000)
    void cancelCallsNeverConnected() {
        Instant now = clock.instant();
        record Lapsed(UUID company, String callSid, boolean neverStarted) {}
        List<Lapsed> lapsed = jdbc.sql("""
                        update web_call_tickets t set settled = true
                        from calls c
                        where not t.settled and t.expires_at < :cutoff
                          and c.id = t.call_id and c.company_id = t.company_id
                        returning t.company_id, c.provider_call_sid, c.status""")
                .param("cutoff", Timestamp.from(now.minus(START_GRACE)))
                .query((rs, n) -> new Lapsed(
                        rs.getObject("company_id", UUID.class),
                        rs.getString("provider_call_sid"),
                        "initiated".equals(rs.getString("status"))))
                .list();
        for (Lapsed call : lapsed) {
            if (!call.neverStarted()) {
                continue;
            }
            calls.record(new CallReport(
                    new TenantId(call.company()),
                    null,
                    CallChannel.WEB_PROVIDER,
                    call.callSid(),
                    "inbound",
                    null,
                    null,
                    null,
                    null,
                    now,
                    null,
                    CallStatus.CANCELED,
                    "web_not_connected"));
        }
    }
}
