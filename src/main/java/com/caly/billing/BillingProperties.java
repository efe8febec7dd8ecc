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
 */
@Validated
@ConfigurationProperties("app.billing")
public record BillingProperties(
        @NotNull @DecimalMin("0") BigDecimal defaultRatePerPulse,
        @Min(1) int pulseSeconds,
        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {}
