package com.caly.telephony.exotel;

import com.caly.calls.CallChannel;
import com.caly.calls.CallId;
import com.caly.calls.CallReport;
import com.caly.calls.CompanyCallLimits;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.shared.web.ApiException;
import com.caly.tenants.TenantService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts a web call, the way Exotel's call-start webhook starts a phone call: the call is recorded for the
 * company (channel web, provider web, no numbers), unless this instance is at its live-call limit (503) or the
 * company at its own across instances (429, the call kept as refused), and a ticket
 * for its media stream is issued. The stream then takes the same path as a phone call's.
 */
@Service
class WebCalls {

    /** Web calls a member may have waiting for their stream at once. */
    static final int MAX_PENDING_PER_MEMBER = 3;

    static final String FULL = "live-calls-full";
    static final String PENDING = "web-calls-pending";
    static final String SUSPENDED = "company-suspended";

    record Started(CallId callId, String ticket, Instant expiresAt) {}

    private final CompanyCallLimits limits;
    private final TenantService tenants;
    private final WebCallTickets tickets;
    private final MediaSessionRegistry live;
    private final JdbcClient jdbc;
    private final Clock clock;

    WebCalls(
            CompanyCallLimits limits,
            TenantService tenants,
            WebCallTickets tickets,
            MediaSessionRegistry live,
            JdbcClient jdbc,
            Clock clock) {
        this.limits = limits;
        this.tenants = tenants;
        this.tickets = tickets;
        this.live = live;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(noRollbackFor = CompanyCallLimits.LimitReached.class)
    Started start(TenantId company, UserId member) {
        if (!live.accepting() || live.atCapacity()) {
            if (live.accepting()) {
                live.refused();
            }
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            FULL,
                            "No room for a call",
                            "This instance is at its live-call limit; try again shortly")
                    .retryAfter(Duration.ofSeconds(10));
        }
        if (!tenants.getCompany(company).active()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, SUSPENDED, "Company suspended", "A suspended company takes no calls");
        }
        // serialises one member's starts, so the count of waiting calls holds
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "web-call:" + member)
                .query((rs, row) -> 1)
                .single();
        long pending = jdbc.sql("""
                        select count(*) from web_call_tickets
                        where company_id = :company and member_id = :member and used_at is null and expires_at > :now""")
                .param("company", company.value())
                .param("member", member.value())
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        if (pending >= MAX_PENDING_PER_MEMBER) {
            throw new ApiException(
                            HttpStatus.TOO_MANY_REQUESTS,
                            PENDING,
                            "Too many web calls waiting",
                            "Connect or let lapse the web calls already started before starting another")
                    .retryAfter(Duration.ofSeconds(60));
        }
        Instant now = clock.instant();
        CompanyCallLimits.Admission admission = limits.admit(new CallReport(
                company,
                null,
                CallChannel.WEB_PROVIDER,
                "web-" + UUID.randomUUID(),
                "inbound",
                null,
                null,
                now,
                null,
                null,
                null,
                null,
                null));
        if (!admission.admitted()) {
            // the refused call stays recorded and counted, like a phone call's: the exception does not roll back
            throw new CompanyCallLimits.LimitReached(admission);
        }
        CallId call = admission.callId();
        WebCallTickets.Issued issued = tickets.issue(company, member, call);
        return new Started(call, issued.ticket(), issued.expiresAt());
    }
}
