package com.caly.analytics;

import com.caly.calls.CallEnded;
import com.caly.calls.CallId;
import com.caly.calls.CallStarted;
import com.caly.calls.CallUpdated;
import com.caly.shared.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the 15-minute steps of the read model up to date: whenever a call starts, ends or changes, its step is
 * summed again from the calls (a few dozen rows). The whole model is rebuilt with
 * scripts/rebuild-analytics.sh. The latency counts of the days a call's turns fall on are counted again too.
 */
@Component
class CallBucketRefresher {

    private final JdbcClient jdbc;

    CallBucketRefresher(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(CallStarted event) {
        refresh(event.companyId(), event.callId());
    }

    @ApplicationModuleListener
    void on(CallEnded event) {
        refresh(event.companyId(), event.callId());
        refreshLatency(event.companyId(), event.callId());
    }

    /** Also after the voice agent's last write of a call (its charges), which comes after all its turns. */
    @ApplicationModuleListener
    void on(CallUpdated event) {
        refresh(event.companyId(), event.callId());
        refreshLatency(event.companyId(), event.callId());
    }

    /** The latency counts of the days the call's turns fall on, in the company's zone. */
    private void refreshLatency(TenantId company, CallId call) {
        jdbc.sql("""
                        select analytics_refresh_latency(:company, min(t.created_at at time zone cl.timezone)::date,
                                                         max(t.created_at at time zone cl.timezone)::date + 1)
                        from call_turns t join clients cl on cl.id = t.company_id
                        where t.company_id = :company and t.call_id = :call
                        having count(*) > 0""")
                .param("company", company.value())
                .param("call", call.value())
                .query((rs, n) -> 1)
                .list();
    }

    void refresh(TenantId company, CallId call) {
        jdbc.sql("""
                        select analytics_refresh(company_id, analytics_bucket(started_at),
                                                 analytics_bucket(started_at) + interval '15 minutes')
                        from calls where company_id = :company and id = :call""")
                .param("company", company.value())
                .param("call", call.value())
                .query((rs, n) -> 1)
                .list();
    }
}
