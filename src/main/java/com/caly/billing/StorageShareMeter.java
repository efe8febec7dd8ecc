package com.caly.billing;

import com.caly.calls.CallUpdated;
import com.caly.recordings.RecordingStored;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Writes a call's storage share when its recording is stored: the GB-months the provider bills for it at the
 * provider's price, in the company's currency. Written at most once per call.
 */
@Component
class StorageShareMeter {

    private final JdbcClient jdbc;
    private final BillingProperties properties;
    private final ApplicationEventPublisher events;

    StorageShareMeter(JdbcClient jdbc, BillingProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
    }

    @ApplicationModuleListener
    void on(RecordingStored event) {
        BigDecimal price = event.currency().equals("USD")
                ? event.pricePerGbMonth().multiply(properties.usdToInr())
                : event.pricePerGbMonth();
        BigDecimal quantity = event.gbMonths().setScale(3, RoundingMode.UP);
        BigDecimal amount = event.gbMonths().multiply(price).setScale(4, RoundingMode.HALF_UP);
        jdbc.sql("""
                        insert into call_charges (company_id, call_id, category, description, unit, quantity, unit_price, amount, currency)
                        select :company, :call, 'storage', :description, 'gb_month', :quantity, :price, :amount, currency
                        from clients where id = :company
                        on conflict (call_id) where category = 'storage' do nothing""")
                .param("company", event.companyId().value())
                .param("call", event.callId().value())
                .param("description", event.bytes() + " bytes of recording for the storage minimum")
                .param("quantity", quantity)
                .param("price", price.setScale(6, RoundingMode.HALF_UP))
                .param("amount", amount)
                .update();
        events.publishEvent(new CallUpdated(event.companyId(), event.callId()));
    }
}
