package com.caly.calls;

import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admits a company's new calls against its limit of simultaneous live calls, counted in the database so that every
 * instance's calls are in it. Each admission takes a transaction lock of its company, counts the company's live
 * calls and records the new one before the lock is released at commit, so two instances admitting at once see
 * each other's calls and never let more in than the limit. A call counts while it is not in a final status and
 * started within LIVE_CALL_MAX_AGE (an unfinished call older than that lost its end report); a call a full
 * instance sent to a person ({@code at_capacity}) never reached the agent and does not count.
 */
@Service
public class CompanyCallLimits {

    /** Why a call over its company's limit ended, as kept on the call. */
    public static final String END_REASON = "company_limit";

    private static final Logger log = LoggerFactory.getLogger(CompanyCallLimits.class);
    /** The advisory-lock class of the company-limit locks (two-key form, apart from the single-key locks). */
    private static final int LOCK_CLASS = 7304;

    /**
     * What the admission decided.
     *
     * @param live the company's live calls before this one
     */
    public record Admission(CallId callId, boolean admitted, int live, int limit) {}

    private final JdbcClient jdbc;
    private final CallService calls;
    private final Clock clock;
    private final CallsProperties properties;

    CompanyCallLimits(JdbcClient jdbc, CallService calls, Clock clock, CallsProperties properties) {
        this.jdbc = jdbc;
        this.calls = calls;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Records the report of a call's start, admitted if the company has room, else as {@link CallStatus#REFUSED}
     * with the end reason {@value #END_REASON}. A call recorded before (a report that arrived first, a repeat) is
     * recorded as usual and admitted unless it was refused. Runs in the caller's transaction, if any, so the lock
     * is held until the caller's work commits.
     */
    @Transactional
    public Admission admit(CallReport report) {
        TenantId company = report.companyId();
        jdbc.sql("select pg_advisory_xact_lock(:class, hashtext(:company))")
                .param("class", LOCK_CLASS)
                .param("company", company.value().toString())
                .query((rs, row) -> 1)
                .single();
        int limit = limit(company);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int live = live(company, now);
        if (calls.findByProviderSid(company, report.provider(), report.providerCallSid())
                .isPresent()) {
            CallId call = calls.record(report);
            return new Admission(call, !calls.wasRefused(company, call), live, limit);
        }
        if (live >= limit) {
            CallId call = calls.record(refusal(report));
            day(company, now, live, 1);
            log.warn(
                    "Call {} of company {} refused: {} live calls, its limit is {}",
                    report.providerCallSid(),
                    company.value(),
                    live,
                    limit);
            return new Admission(call, false, live, limit);
        }
        CallId call = calls.record(report);
        day(company, now, live + 1, 0);
        return new Admission(call, true, live, limit);
    }

    /** The company's limit: its own, else COMPANY_MAX_CONCURRENT_CALLS. */
    public int limit(TenantId company) {
        return ownLimit(company).orElse(properties.limits().defaultMaxConcurrentCalls());
    }

    /** The limit an operator set for the company; empty when it has the default. */
    Optional<Integer> ownLimit(TenantId company) {
        return jdbc.sql("select max_concurrent_calls from company_call_limits where company_id = :company")
                .param("company", company.value())
                .query((rs, row) -> Optional.ofNullable(rs.getObject("max_concurrent_calls", Integer.class)))
                .optional()
                .flatMap(own -> own);
    }

    /**
     * Sets the company's own limit (null: back to the default). Calls already live stay; the limit applies from
     * the next admission.
     *
     * @return false when there is no such company (nothing is written)
     */
    @Transactional
    boolean setLimit(TenantId company, @Nullable Integer maxConcurrentCalls) {
        if (!companyExists(company)) {
            return false;
        }
        jdbc.sql("""
                        insert into company_call_limits (company_id, max_concurrent_calls, updated_at)
                        values (:company, :max, :now)
                        on conflict (company_id) do update set max_concurrent_calls = excluded.max_concurrent_calls,
                            updated_at = excluded.updated_at""")
                .param("company", company.value())
                .param("max", maxConcurrentCalls)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        log.info(
                "Company {} may have {} live calls at once",
                company.value(),
                maxConcurrentCalls == null
                        ? "the default " + properties.limits().defaultMaxConcurrentCalls()
                        : maxConcurrentCalls);
        return true;
    }

    boolean companyExists(TenantId company) {
        return jdbc.sql("select exists (select 1 from clients where id = :company)")
                .param("company", company.value())
                .query(Boolean.class)
                .single();
    }

    /** The company's calls that count against its limit now. */
    int live(TenantId company, Instant now) {
        return jdbc.sql("""
                        select count(*) from calls
                        where company_id = :company and status in ('initiated', 'ringing', 'in_progress')
                          and started_at > :since and end_reason is distinct from 'at_capacity'""")
                .param("company", company.value())
                .param("since", Timestamp.from(now.minus(properties.live().maxCallAge())))
                .query(Integer.class)
                .single();
    }

    /** Raises the day's peak to {@code concurrent} and adds the refusals, in the company's own time zone. */
    private void day(TenantId company, Instant now, int concurrent, int refusals) {
        jdbc.sql("""
                        insert into company_concurrency_days (company_id, day, peak, peak_at, refusals)
                        select id, (cast(:now as timestamptz) at time zone timezone)::date, :peak, :now, :refusals
                        from clients where id = :company
                        on conflict (company_id, day) do update set
                            peak_at = case when excluded.peak > company_concurrency_days.peak then excluded.peak_at
                                           else company_concurrency_days.peak_at end,
                            peak = greatest(company_concurrency_days.peak, excluded.peak),
                            refusals = company_concurrency_days.refusals + excluded.refusals""")
                .param("company", company.value())
                .param("now", Timestamp.from(now))
                .param("peak", concurrent)
                .param("refusals", refusals)
                .update();
    }

    private static CallReport refusal(CallReport report) {
        return new CallReport(
                report.companyId(),
                report.phoneNumberId(),
                report.provider(),
                report.providerCallSid(),
                report.direction(),
                report.fromNumber(),
                report.toNumber(),
                report.startedAt(),
                null,
                null,
                null,
                CallStatus.REFUSED,
                END_REASON,
                report.anomalies());
    }

    /** A call refused for its company's limit, as a 429 problem for an API that starts calls. */
    public static final class LimitReached extends ApiException {

        public LimitReached(Admission admission) {
            super(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "company-call-limit",
                    "Too many calls at once",
                    "The company has " + admission.live() + " live calls, as many as its limit allows; try again"
                            + " once one ends");
            with("limit", admission.limit());
            retryAfter(Duration.ofSeconds(30));
        }
    }
}
