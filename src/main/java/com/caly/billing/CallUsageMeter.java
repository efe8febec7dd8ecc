package com.caly.billing;

import com.caly.calls.CallChannel;
import com.caly.calls.CallEnded;
import com.caly.calls.CallStatus;
import com.caly.calls.CallUpdated;
import java.math.BigDecimal;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Writes a call's telephony charge when it ends: pulses = ceil(billable seconds / pulse length), times the
 * company's rate (or the default). Runs after the call's transaction from the event registry, so a crash in
 * between only delays it; the charge is written at most once per call.
 *
 * <p>A web call (a member's test call from the console) has no telephony charge: no carrier took it. It is billed
 * like any other call otherwise: the model's usage ('ai', written by the voice module) and its recording's
 * storage share.
 */
@Component
class CallUsageMeter {

    private final JdbcClient jdbc;
    private final BillingProperties properties;
    private final ApplicationEventPublisher events;

    CallUsageMeter(JdbcClient jdbc, BillingProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
    }

    static long pulses(long billableSeconds, int pulseSeconds) {
        return billableSeconds <= 0 ? 0 : (billableSeconds + pulseSeconds - 1) / pulseSeconds;
    }

    @ApplicationModuleListener
    void on(CallEnded event) {
        if (event.channel() == CallChannel.WEB || event.status() == CallStatus.REFUSED) {
            // a refused call never reached the agent: the company's own people took it, and we charge nothing
            events.publishEvent(new CallMetered(event.companyId(), event.callId()));
            return;
        }
        long pulses = pulses(event.billableSeconds(), properties.pulseSeconds());
        BigDecimal rate = jdbc.sql("select coalesce(rate_per_minute, :default) from clients where id = :company")
                .param("default", properties.defaultRatePerPulse())
                .param("company", event.companyId().value())
                .query(BigDecimal.class)
                .single();
        jdbc.sql("""
                        insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount, currency)
                        select :company, :call, 'telephony', :description, 'pulse', :pulses, :rate, :amount, currency
                        from clients where id = :company
                        on conflict (call_id) where category = 'telephony' do nothing""")
                .param("company", event.companyId().value())
                .param("call", event.callId().value())
                .param("description", event.billableSeconds() + " s in " + properties.pulseSeconds() + "-second pulses")
                .param("pulses", BigDecimal.valueOf(pulses))
                .param("rate", rate)
                .param("amount", rate.multiply(BigDecimal.valueOf(pulses)))
                .update();
        events.publishEvent(new CallUpdated(event.companyId(), event.callId()));
        events.publishEvent(new CallMetered(event.companyId(), event.callId()));
    }
}
