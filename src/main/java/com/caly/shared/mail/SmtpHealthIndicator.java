package com.caly.shared.mail;

import com.caly.shared.HealthStatuses;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Reports the mail server as DEGRADED, not DOWN, when it cannot be reached: calls are answered without it, so an
 * SMTP outage must not take the service out of its load balancer. Only sign-up and OTP e-mail suffer, and
 * those fail with a clear error the user can retry.
 */
class SmtpHealthIndicator implements HealthIndicator {

    private final @Nullable JavaMailSender mailSender;

    SmtpHealthIndicator(@Nullable JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    @Override
    public Health health() {
        if (!(mailSender instanceof JavaMailSenderImpl smtp)) {
            return Health.up().withDetail("mode", "log").build();
        }
        try {
            smtp.testConnection();
            return Health.up()
                    .withDetail("mode", "smtp")
                    .withDetail("host", String.valueOf(smtp.getHost()))
                    .build();
        } catch (Exception e) {
            return Health.status(HealthStatuses.DEGRADED)
                    .withDetail("mode", "smtp")
                    .withDetail("host", String.valueOf(smtp.getHost()))
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
