package com.caly.voice;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The company's voice agent settings (owners and admins). The order-status secret can be set, never read. */
@RestController
@RequestMapping("/api/agent")
class AgentController {

    private final AgentSettingsService settings;

    AgentController(AgentSettingsService settings) {
        this.settings = settings;
    }

    @Operation(summary = "The voice agent's settings (owners and admins)")
    @GetMapping
    AgentSettings settings(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return settings.settings(user.companyId());
    }

    @Operation(summary = "Replace the voice agent's settings (owners and admins)")
    @PutMapping
    AgentSettings updateSettings(CurrentUser user, @Valid @RequestBody AgentSettingsRequest request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return settings.update(user.companyId(), request.toSettings(), request.orderStatusSecret());
    }

    @Operation(summary = "The values the settings' fields accept: voices, languages, tools and modes")
    @GetMapping("/options")
    @ProblemResponse(status = 401, description = "Not signed in")
    AgentOptions options() {
        return new AgentOptions(
                AgentSettings.VOICES,
                AgentSettings.LANGUAGES,
                AgentSettings.TOOLS,
                AgentSettings.Interruptions.MODES,
                List.of("server_vad", "semantic_vad"),
                List.of("low", "medium", "high", "auto"));
    }

    record AgentOptions(
            List<String> voices,
            List<String> languages,
            List<String> tools,
            List<String> interruptionModes,
            List<String> turnDetectionTypes,
            List<String> eagerness) {}

    /** Every field but the secret is required: a PUT replaces the settings. */
    record AgentSettingsRequest(
            @NotNull @Size(max = 20_000) String instructions,
            @NotNull @Size(max = 1_000) String greeting,
            @NotBlank String voice,
            @NotNull @Size(min = 1, max = 5) List<@NotBlank String> languages,
            @NotBlank @Size(max = 100) String model,
            @Valid @NotNull TurnDetectionRequest turnDetection,
            @NotNull @Min(60) @Max(3_600) Integer maxCallSeconds,
            @Valid @NotNull HandoffRulesRequest handoffRules,
            @NotNull @Size(max = 20_000) String businessFacts,
            @NotNull List<@NotBlank String> enabledTools,
            @Nullable @Size(max = 2_000) String orderStatusUrl,
            @Nullable @Size(max = 500) String orderStatusSecret,
            @NotNull Map<String, List<String>> backchannels,
            @Valid @NotNull InterruptionsRequest interruptions) {

        AgentSettings toSettings() {
            return new AgentSettings(
                    instructions,
                    greeting,
                    voice,
                    languages,
                    model,
                    new AgentSettings.TurnDetection(
                            turnDetection.type(),
                            turnDetection.threshold(),
                            turnDetection.prefixPaddingMs(),
                            turnDetection.silenceDurationMs(),
                            turnDetection.eagerness()),
                    maxCallSeconds,
                    new AgentSettings.HandoffRules(
                            handoffRules.onRequest(), handoffRules.topics(), handoffRules.afterFailedAttempts()),
                    businessFacts,
                    new LinkedHashSet<>(enabledTools),
                    orderStatusUrl == null || orderStatusUrl.isBlank() ? null : orderStatusUrl,
                    false,
                    backchannels,
                    new AgentSettings.Interruptions(
                            interruptions.mode(), interruptions.resumeAfterMs(), interruptions.echoGuardMs()),
                    0,
                    null);
        }
    }

    record TurnDetectionRequest(
            @NotBlank String type,
            @NotNull Double threshold,
            @NotNull Integer prefixPaddingMs,
            @NotNull Integer silenceDurationMs,
            @NotBlank String eagerness) {}

    record HandoffRulesRequest(
            @NotNull Boolean onRequest,
            @NotNull List<String> topics,
            @NotNull Integer afterFailedAttempts) {}

    /** Ranges and modes are checked with the other settings, so a bad one is refused naming its field. */
    @Schema(description = "How the agent takes the caller speaking over it")
    record InterruptionsRequest(
            @Schema(
                    allowableValues = {"pause_resume", "talk_through", "immediate"},
                    description = "pause_resume: the agent pauses at once, then resumes from where the caller stopped"
                            + " hearing it when the words were a backchannel or nothing intelligible came within"
                            + " resumeAfterMs, else it is interrupted; talk_through: it goes on over short speech and"
                            + " stops only for speech longer than a backchannel; immediate: any speech over it"
                            + " interrupts it")
            @NotBlank
            String mode,

            @Schema(
                    minimum = "200",
                    maximum = "3000",
                    description = "pause_resume: how long after the caller stops the agent waits for their words"
                            + " before resuming")
            @NotNull
            Integer resumeAfterMs,

            @Schema(
                    minimum = "0",
                    maximum = "1000",
                    description = "speech in the first milliseconds of each agent turn is taken for the agent's own"
                            + " echo and ignored")
            @NotNull
            Integer echoGuardMs) {}
}
