package com.caly.tenants;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Team settings.
 *
 * @param invitationTtl how long an invitation link works (INVITATION_TTL), from one minute to 90 days
 * @param invitationsPerHour invitations one company may send in any hour on one instance
 * @param consoleUrl where the console is served (CONSOLE_URL, else WEBHOOK_BASE_URL); invitation links are
 *     {@code <consoleUrl>/#/accept-invite?token=...}. Blank: the address the inviting request came to
 */
@Validated
@ConfigurationProperties("app.tenants")
public record TenantsProperties(
        @NotNull Duration invitationTtl,
        @Min(1) @Max(10_000) int invitationsPerHour,

        @Nullable @Pattern(regexp = "^(https?://\\S+)?$", message = "must be an http:// or https:// address")
        String consoleUrl) {

    public TenantsProperties {
        if (invitationTtl != null
                && (invitationTtl.compareTo(Duration.ofMinutes(1)) < 0
                        || invitationTtl.compareTo(Duration.ofDays(90)) > 0)) {
            throw new IllegalArgumentException(
                    "app.tenants.invitation-ttl (INVITATION_TTL) must be between 1m and 90d, not " + invitationTtl);
        }
        if (consoleUrl != null) {
            consoleUrl = consoleUrl.isBlank() ? null : consoleUrl.trim().replaceAll("/+$", "");
        }
    }
}
