package com.caly.shared.mail;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing e-mail. The SMTP server itself is Spring's {@code spring.mail.*}, filled from SMTP_HOST, SMTP_PORT,
 * SMTP_USER and SMTP_PASS; without SMTP_HOST, mail is written to the log (never in production).
 *
 * @param from the sender (SMTP_FROM)
 */
@Validated
@ConfigurationProperties("app.mail")
public record MailProperties(@NotBlank String from) {}
