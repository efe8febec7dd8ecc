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
 * {@code select analytics_refresh(null, '-infinity', 'infinity')} (scripts/rebuild-analytics.sh).
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
    }

    @ApplicationModuleListener
    void on(CallUpdated event) {
        refresh(event.companyId(), event.callId());
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
