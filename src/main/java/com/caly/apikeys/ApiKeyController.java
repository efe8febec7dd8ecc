package com.caly.apikeys;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.web.ApiException;
import com.caly.shared.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The company's API keys, managed by owners and admins signed in with a token (never by a key). */
@RestController
@RequestMapping("/api/api-keys")
class ApiKeyController {

    private final ApiKeys keys;
    private final Clock clock;

    ApiKeyController(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Operation(summary = "Create an API key; its secret is shown this once (owners and admins)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey create(CurrentUser user, @Valid @RequestBody NewKey request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        List<ApiKeyScope> scopes = request.scopes().stream()
                .distinct()
                .map(code -> ApiKeyScope.fromCode(code)
                        .orElseThrow(() -> new ApiException(
                                        HttpStatus.BAD_REQUEST,
                                        ProblemTypes.VALIDATION_FAILED,
                                        "Validation failed",
                                        "Unknown scope " + code)
                                .with(
                                        "errors",
                                        List.of(Map.of(
                                                "field",
                                                "scopes",
                                                "message",
                                                "must be among "
                                                        + java.util.Arrays.stream(ApiKeyScope.values())
                                                                .map(ApiKeyScope::code)
                                                                .toList())))))
                .toList();
        Instant expires =
                request.expiresInDays() == null ? null : clock.instant().plus(Duration.ofDays(request.expiresInDays()));
        ApiKeys.Created created = keys.create(user.companyId(), user.userId(), request.name(), scopes, expires);
        return new CreatedKey(created.key(), created.secret());
    }

    @Operation(summary = "The company's API keys (owners and admins)")
    @GetMapping
    List<ApiKeys.ApiKeyView> list(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return keys.list(user.companyId());
    }

    @Operation(summary = "Revoke an API key (owners and admins)")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        keys.revoke(user.companyId(), id);
    }

    record NewKey(
            @NotBlank @Size(max = 100) String name,
            @NotEmpty @Size(max = 10) List<@NotBlank String> scopes,
            @Nullable @Min(1) @Max(3650) Integer expiresInDays) {}

    /** {@code apiKey} is shown this once; only its hash is kept. */
    record CreatedKey(ApiKeys.ApiKeyView key, String apiKey) {}
}
