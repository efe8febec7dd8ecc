package com.caly.billing;

import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a company's calls of a month came to, by category, and (for operators) what the same calls cost in
 * provider fees: telephony pulses at the provider's price, AI usage and storage as charged (they are charged at
 * the providers' prices).
 */
@Service
class BillingReports {

    private static final List<String> CATEGORIES = List.of("telephony", "ai", "storage", "other");

    private final JdbcClient jdbc;
    private final BillingProperties properties;

    BillingReports(JdbcClient jdbc, BillingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    record Line(String category, String unit, BigDecimal quantity, BigDecimal amount) {}

    record Usage(
            String month,
            String timeZone,
            java.time.Instant from,
            java.time.Instant to,
            String currency,
            long calls,
            long answeredCalls,
            BigDecimal billableMinutes,
            BigDecimal pulses,
            BigDecimal ratePerPulse,
            int pulseSeconds,
            List<Line> categories,
            BigDecimal total) {}

    record Margin(
            String companyId,
            String company,
            long calls,
            BigDecimal pulses,
            Map<String, BigDecimal> charged,
            Map<String, BigDecimal> providerCost,
            BigDecimal margin,
            @Nullable BigDecimal marginPercent) {}

    @Transactional(readOnly = true)
    Usage usage(TenantId company, BillingMonth month) {
        Map<String, Object> params = params(month);
        params.put("company", company.value());
        long[] calls = jdbc.sql("""
                        select count(*), count(answered_at), coalesce(sum(duration_seconds) filter (where answered_at is not null), 0)
                        from calls where company_id = :company and started_at >= :from and started_at < :to""")
                .params(params)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .single();
        Map<String, Line> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        select ch.category, min(ch.unit) as unit, sum(ch.quantity) as quantity, sum(ch.amount) as amount
                        from call_charges ch join calls c on c.id = ch.call_id
                        where c.company_id = :company and c.started_at >= :from and c.started_at < :to
                          and ch.company_id = :company
                        group by ch.category""")
                .params(params)
                .query((rs, n) -> lines.put(
                        rs.getString("category"),
                        new Line(
                                rs.getString("category"),
                                rs.getString("unit"),
                                rs.getBigDecimal("quantity"),
                                rs.getBigDecimal("amount"))))
                .list();
        record Company(String currency, @Nullable BigDecimal rate) {}
        Company settings = jdbc.sql("select currency, rate_per_minute from clients where id = :company")
                .params(params)
                .query((rs, n) -> new Company(rs.getString(1), rs.getBigDecimal(2)))
                .single();
        List<Line> categories = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Line line : lines.values()) {
            categories.add(line);
            total = total.add(line.amount());
        }
        categories.sort(java.util.Comparator.comparingInt(line -> CATEGORIES.indexOf(line.category())));
        Line telephony = lines.get("telephony");
        return new Usage(
                month.month().toString(),
                month.zone().getId(),
                month.from(),
                month.to(),
                settings.currency(),
                calls[0],
                calls[1],
                BigDecimal.valueOf(calls[2]).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP),
                telephony == null ? BigDecimal.ZERO : telephony.quantity(),
                settings.rate() != null ? settings.rate() : properties.defaultRatePerPulse(),
                properties.pulseSeconds(),
                categories,
                total);
    }

    @Transactional(readOnly = true)
    List<Margin> margins(BillingMonth month) {
        Map<String, Object> params = params(month);
        Map<UUID, Margin> byCompany = new LinkedHashMap<>();
        jdbc.sql("""
                        select cl.id, cl.name, count(distinct c.id) as calls,
                               coalesce(sum(ch.quantity) filter (where ch.category = 'telephony'), 0) as pulses,
                               coalesce(sum(ch.amount) filter (where ch.category = 'telephony'), 0) as telephony,
                               coalesce(sum(ch.amount) filter (where ch.category = 'ai'), 0) as ai,
                               coalesce(sum(ch.amount) filter (where ch.category = 'storage'), 0) as storage,
                               coalesce(sum(ch.amount) filter (where ch.category = 'other'), 0) as other
                        from clients cl
                        join calls c on c.company_id = cl.id and c.started_at >= :from and c.started_at < :to
                        left join call_charges ch on ch.call_id = c.id and ch.company_id = cl.id
                        group by cl.id, cl.name
                        order by cl.name, cl.id""")
                .params(params)
                .query((rs, n) -> {
                    BigDecimal pulses = rs.getBigDecimal("pulses");
                    Map<String, BigDecimal> charged = new LinkedHashMap<>();
                    for (String category : CATEGORIES) {
                        charged.put(category, rs.getBigDecimal(category));
                    }
                    BigDecimal chargedTotal = charged.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    charged.put("total", chargedTotal);
                    Map<String, BigDecimal> cost = new LinkedHashMap<>();
                    cost.put(
                            "telephony",
                            pulses.multiply(properties.providerCostPerPulse()).setScale(4, RoundingMode.HALF_UP));
                    cost.put("ai", rs.getBigDecimal("ai"));
                    cost.put("storage", rs.getBigDecimal("storage"));
                    BigDecimal costTotal = cost.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    cost.put("total", costTotal);
                    BigDecimal margin = chargedTotal.subtract(costTotal);
                    UUID id = rs.getObject("id", UUID.class);
                    return byCompany.put(
                            id,
                            new Margin(
                                    id.toString(),
                                    rs.getString("name"),
                                    rs.getLong("calls"),
                                    pulses,
                                    charged,
                                    cost,
                                    margin,
                                    chargedTotal.signum() == 0
                                            ? null
                                            : margin.multiply(BigDecimal.valueOf(100))
                                                    .divide(chargedTotal, 2, RoundingMode.HALF_UP)));
                })
                .list();
        return List.copyOf(byCompany.values());
    }

    private static Map<String, Object> params(BillingMonth month) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("from", Timestamp.from(month.from()));
        params.put("to", Timestamp.from(month.to()));
        return params;
    }
}
