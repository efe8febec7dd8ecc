package com.caly.billing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Charging rates.
 *
 * @param defaultRatePerPulse the price of one telephony pulse for companies without a rate of their own
 * @param pulseSeconds the length of a pulse (Exotel bills 60-second pulses in India)
 * @param currency the currency of the rates
 * @param providerCostPerPulse what the telephony provider charges us for one pulse (EXOTEL_COST_PER_PULSE)
 * @param usdToInr the exchange rate for provider prices in US dollars (USD_TO_INR)
 * @param operatorToken the secret of the operators' margin report (OPERATOR_TOKEN); the report is off when empty
 */
@Validated
@ConfigurationProperties("app.billing")
public record BillingProperties(
        @NotNull @DecimalMin("0") BigDecimal defaultRatePerPulse,
        @Min(1) int pulseSeconds,
        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
        @NotNull @DecimalMin("0") BigDecimal providerCostPerPulse,
        @NotNull @DecimalMin("0.0001") BigDecimal usdToInr,
        String operatorToken) {}
