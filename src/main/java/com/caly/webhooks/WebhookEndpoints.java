package com.caly.webhooks;

import com.caly.shared.SecretBox;
import com.caly.shared.Secrets;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import com.caly.shared.config.DeploymentMode;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A company's endpoints: saved with a checked URL and a new signing secret, which is shown once and rotated. */
@Service
class WebhookEndpoints {

    static final String NOT_FOUND = "webhook-not-found";
    static final String URL_REFUSED = "webhook-url-refused";
    static final String TOO_MANY = "webhook-endpoint-limit";

    /** What the API shows of an endpoint; the secrets never. */
    record Endpoint(
            String id,
            String url,
            List<String> events,
            @Nullable String description,
            boolean enabled,
            Instant createdAt,
            @Nullable Instant previousSecretExpiresAt) {}

    record Created(Endpoint endpoint, String secret) {}

    record Rotated(String secret, @Nullable Instant previousSecretExpiresAt) {}

    /** What a worker needs to sign a delivery: the current secret, and the previous one while it still signs. */
    record Signing(String url, List<String> secrets) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecretBox box;
    private final WebhookTargetPolicy policy;
    private final WebhooksProperties properties;

    WebhookEndpoints(JdbcClient jdbc, Clock clock, WebhooksProperties properties, Environment environment) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.box = new SecretBox(properties.encryptionKey());
        this.policy =
                new WebhookTargetPolicy(DeploymentMode.isProduction(environment), properties.allowedPrivateOrigins());
    }

    WebhookTargetPolicy policy() {
        return policy;
    }

    @Transactional
    Created create(TenantId company, UserId user, String url, List<String> events, @Nullable String description) {
        String checked = checkedUrl(url);
        List<String> types = checkedEvents(events);
        long existing = jdbc.sql("select count(*) from webhook_endpoints where company_id = :company")
                .param("company", company.value())
                .query(Long.class)
                .single();
        if (existing >= properties.maxEndpointsPerCompany()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    TOO_MANY,
                    "Too many endpoints",
                    "A company may have " + properties.maxEndpointsPerCompany() + " webhook endpoints");
        }
        String secret = newSecret();
        UUID id = jdbc.sql("""
                        insert into webhook_endpoints (company_id, url, events, description, secret, created_by)
                        values (:company, :url, :events, :description, :secret, :user) returning id""")
                .param("company", company.value())
                .param("url", checked)
                .param("events", types.toArray(String[]::new))
                .param("description", blankToNull(description))
                .param("secret", box.seal(secret))
                .param("user", user.value())
                .query(UUID.class)
                .single();
        return new Created(find(company, id), secret);
    }

    @Transactional(readOnly = true)
    List<Endpoint> list(TenantId company) {
        return jdbc.sql("select * from webhook_endpoints where company_id = :company order by created_at, id")
                .param("company", company.value())
                .query((rs, n) -> endpoint(rs))
                .list();
    }

    @Transactional(readOnly = true)
    Endpoint find(TenantId company, UUID id) {
        return jdbc.sql("select * from webhook_endpoints where company_id = :company and id = :id")
                .param("company", company.value())
                .param("id", id)
                .query((rs, n) -> endpoint(rs))
                .optional()
                .orElseThrow(WebhookEndpoints::notFound);
    }

    @Transactional
    Endpoint update(
            TenantId company,
            UUID id,
            @Nullable String url,
            @Nullable List<String> events,
            @Nullable String description,
            @Nullable Boolean enabled) {
        Endpoint current = find(company, id);
        jdbc.sql("""
                        update webhook_endpoints set url = :url, events = :events, description = :description,
                            enabled = :enabled, updated_at = now()
                        where company_id = :company and id = :id""")
                .param("url", url == null ? current.url() : checkedUrl(url))
                .param("events", (events == null ? current.events() : checkedEvents(events)).toArray(String[]::new))
                .param("description", description == null ? current.description() : blankToNull(description))
                .param("enabled", enabled == null ? current.enabled() : enabled)
                .param("company", company.value())
                .param("id", id)
                .update();
        return find(company, id);
    }

    @Transactional
    void delete(TenantId company, UUID id) {
        int deleted = jdbc.sql("delete from webhook_endpoints where company_id = :company and id = :id")
                .param("company", company.value())
                .param("id", id)
                .update();
        if (deleted == 0) {
            throw notFound();
        }
    }

    /** A new secret; the one it replaces keeps signing (as a second {@code v1}) for {@code overlap}. */
    @Transactional
    Rotated rotate(TenantId company, UUID id, Duration overlap) {
        find(company, id);
        String secret = newSecret();
        Instant expires = overlap.isZero() ? null : clock.instant().plus(overlap);
        jdbc.sql("""
                        update webhook_endpoints set previous_secret = case when cast(:expires as timestamptz) is null then null else secret end,
                            previous_secret_expires_at = :expires, secret = :secret, updated_at = now()
                        where company_id = :company and id = :id""")
                .param("expires", expires == null ? null : Timestamp.from(expires))
                .param("secret", box.seal(secret))
                .param("company", company.value())
                .param("id", id)
                .update();
        return new Rotated(secret, expires);
    }

    /** The endpoint's URL and the secrets that sign for it now; empty once the endpoint is gone. */
    java.util.Optional<Signing> signing(UUID endpointId) {
        Instant now = clock.instant();
        return jdbc.sql(
                        "select url, secret, previous_secret, previous_secret_expires_at from webhook_endpoints where id = :id")
                .param("id", endpointId)
                .query((rs, n) -> {
                    List<String> secrets = new ArrayList<>();
                    secrets.add(box.open(rs.getBytes("secret")));
                    Timestamp expires = rs.getTimestamp("previous_secret_expires_at");
                    byte[] previous = rs.getBytes("previous_secret");
                    if (previous != null
                            && expires != null
                            && expires.toInstant().isAfter(now)) {
                        secrets.add(box.open(previous));
                    }
                    return new Signing(rs.getString("url"), List.copyOf(secrets));
                })
                .optional();
    }

    private String checkedUrl(String url) {
        try {
            return policy.check(url).toString();
        } catch (WebhookTargetPolicy.RefusedException e) {
            throw new ApiException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            URL_REFUSED,
                            "URL refused",
                            "The endpoint's URL " + e.getMessage())
                    .with("errors", List.of(Map.of("field", "url", "message", e.getMessage())));
        }
    }

    private static List<String> checkedEvents(List<String> events) {
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String code : events) {
            if (WebhookEventType.subscribable(code).isEmpty()) {
                throw new ApiException(
                                HttpStatus.BAD_REQUEST,
                                ProblemTypes.VALIDATION_FAILED,
                                "Validation failed",
                                "Unknown event type " + code)
                        .with(
                                "errors",
                                List.of(Map.of(
                                        "field",
                                        "events",
                                        "message",
                                        "must be among " + WebhookEventType.subscribable())));
            }
            types.add(code);
        }
        if (types.isEmpty()) {
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            ProblemTypes.VALIDATION_FAILED,
                            "Validation failed",
                            "events must name at least one event type")
                    .with("errors", List.of(Map.of("field", "events", "message", "must not be empty")));
        }
        return List.copyOf(types);
    }

    private static String newSecret() {
        return "whsec_" + Secrets.randomToken(32);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, NOT_FOUND, "Webhook not found", "No such webhook endpoint");
    }

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        Array events = rs.getArray("events");
        Timestamp previous = rs.getTimestamp("previous_secret_expires_at");
        return new Endpoint(
                rs.getString("id"),
                rs.getString("url"),
                Arrays.asList((String[]) events.getArray()),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                previous == null ? null : previous.toInstant());
    }
}
