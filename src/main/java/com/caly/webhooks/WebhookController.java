package com.caly.webhooks;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.query.Page;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.query.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The company's webhook endpoints and their deliveries, managed by owners and admins (docs/webhooks.md). */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookOutbox outbox;
    private final WebhookDispatcher dispatcher;
    private final WebhooksProperties properties;

    WebhookController(
            WebhookEndpoints endpoints,
            WebhookDeliveries deliveries,
            WebhookOutbox outbox,
            WebhookDispatcher dispatcher,
            WebhooksProperties properties) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    record NewEndpoint(
            @NotBlank @Size(max = 2000) String url,
            @NotNull @Size(min = 1, max = 20) List<@NotBlank String> events,
            @Nullable @Size(max = 200) String description) {}

    record EndpointChange(
            @Nullable @Size(min = 1, max = 2000) String url,
            @Nullable @Size(min = 1, max = 20) List<@NotBlank String> events,
            @Nullable @Size(max = 200) String description,
            @Nullable Boolean enabled) {}

    record Rotation(@Nullable @Min(0) @Max(168) Integer overlapHours) {}

    @Operation(summary = "The event types an endpoint may subscribe to")
    @GetMapping("/event-types")
    List<String> eventTypes(CurrentUser user) {
        return WebhookEventType.subscribable();
    }

    @Operation(summary = "Register an endpoint; its signing secret is shown this once (owners and admins)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ProblemResponse(status = 422, description = "The URL may not be used (webhook-url-refused), beside its field")
    @ProblemResponse(status = 409, description = "The company has as many endpoints as it may")
    WebhookEndpoints.Created create(CurrentUser user, @Valid @RequestBody NewEndpoint request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return endpoints.create(
                user.companyId(), user.userId(), request.url(), request.events(), request.description());
    }

    @Operation(summary = "The company's endpoints (owners and admins)")
    @GetMapping
    List<WebhookEndpoints.Endpoint> list(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return endpoints.list(user.companyId());
    }

    @Operation(summary = "One endpoint (owners and admins)")
    @GetMapping("/{id}")
    WebhookEndpoints.Endpoint get(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return endpoints.find(user.companyId(), id);
    }

    @Operation(summary = "Change an endpoint's URL, events, description or whether it is enabled (owners and admins)")
    @PatchMapping("/{id}")
    @ProblemResponse(status = 422, description = "The URL may not be used (webhook-url-refused), beside its field")
    WebhookEndpoints.Endpoint update(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody EndpointChange change) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return endpoints.update(
                user.companyId(), id, change.url(), change.events(), change.description(), change.enabled());
    }

    @Operation(summary = "Remove an endpoint and its deliveries (owners and admins)")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        endpoints.delete(user.companyId(), id);
    }

    @Operation(
            summary = "A new signing secret, shown this once; the old one keeps signing alongside it for"
                    + " overlapHours (default 24, 0 to stop at once) (owners and admins)")
    @PostMapping("/{id}/rotate-secret")
    WebhookEndpoints.Rotated rotate(
            CurrentUser user,
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) @Nullable Rotation rotation) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        int hours = rotation == null || rotation.overlapHours() == null ? 24 : rotation.overlapHours();
        return endpoints.rotate(user.companyId(), id, Duration.ofHours(hours));
    }

    @Operation(summary = "Send a webhook.test event to this endpoint (owners and admins)")
    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WebhookDeliveries.Delivery test(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        endpoints.find(user.companyId(), id);
        UUID delivery = outbox.test(user.companyId(), id);
        return deliveries.detail(user.companyId(), delivery).delivery();
    }

    @Operation(summary = "An endpoint's deliveries, newest first (owners and admins)")
    @PageParameters
    @GetMapping("/{id}/deliveries")
    Page<WebhookDeliveries.Delivery> deliveries(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "pending, delivering, delivered or failed")
                    @RequestParam(required = false)
                    @Nullable
                    String status,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        endpoints.find(user.companyId(), id);
        return deliveries.list(user.companyId(), id, parameters);
    }

    @Operation(summary = "One delivery with its event and every attempt (owners and admins)")
    @GetMapping("/deliveries/{deliveryId}")
    WebhookDeliveries.DeliveryDetail delivery(CurrentUser user, @PathVariable UUID deliveryId) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return deliveries.detail(user.companyId(), deliveryId);
    }

    @Operation(summary = "Send a delivery's event again, now and then with retries (owners and admins)")
    @PostMapping("/deliveries/{deliveryId}/redeliver")
    @ProblemResponse(status = 409, description = "The delivery is being sent now")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WebhookDeliveries.Delivery redeliver(CurrentUser user, @PathVariable UUID deliveryId) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        WebhookDeliveries.Delivery delivery = deliveries.redeliver(user.companyId(), deliveryId, properties.retryFor());
        dispatcher.wake();
        return delivery;
    }
}
