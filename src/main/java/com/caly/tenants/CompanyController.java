package com.caly.tenants;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.openapi.ProblemResponse;
import com.caly.shared.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in member's company; its people are {@link TeamController}'s. */
@RestController
@RequestMapping("/api/company")
class CompanyController {

    private final TenantService tenants;

    CompanyController(TenantService tenants) {
        this.tenants = tenants;
    }

    @Operation(summary = "The signed-in member's company")
    @GetMapping
    @ProblemResponse(status = 404, description = "The company of the token no longer exists")
    CompanyResponse company(CurrentUser user) {
        return CompanyResponse.of(tenants.getCompany(user.companyId()));
    }

    @Operation(
            summary = "Rename the company, change its time zone or its redaction of calls (owners and admins)",
            description = "Fields left out keep their value. silenceRecordingSpans needs redactTranscripts: silencing"
                    + " works from what redaction finds.")
    @PatchMapping
    @ProblemResponse(status = 404, description = "The company of the token no longer exists")
    @ProblemResponse(status = 400, description = "An unknown time zone, or silencing without redaction")
    CompanyResponse update(CurrentUser user, @Valid @RequestBody UpdateCompanyRequest request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        Company current = tenants.getCompany(user.companyId());
        String timezone = request.timezone() == null ? current.timezone() : request.timezone();
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("invalid-timezone", "Invalid time zone", "Unknown time zone: " + timezone);
        }
        String name = request.name() == null ? current.name() : request.name().trim();
        RedactionSettings redaction = new RedactionSettings(
                request.redactTranscripts() == null
                        ? current.redaction().redactTranscripts()
                        : request.redactTranscripts(),
                request.silenceRecordingSpans() == null
                        ? current.redaction().silenceRecordingSpans()
                        : request.silenceRecordingSpans());
        if (redaction.silenceRecordingSpans() && !redaction.redactTranscripts()) {
            throw ApiException.badRequest(
                            "silencing-needs-redaction",
                            "Silencing needs redaction",
                            "The recording is silenced over what redaction finds: turn on redactTranscripts too")
                    .with(
                            "errors",
                            List.of(Map.of("field", "silenceRecordingSpans", "message", "needs redactTranscripts on")));
        }
        return CompanyResponse.of(tenants.updateCompany(user.companyId(), name, timezone, redaction));
    }

    record UpdateCompanyRequest(
            @Nullable
            @Size(min = 1, max = 200)
            @jakarta.validation.constraints.Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name,

            @Nullable @Size(min = 1, max = 64) String timezone,

            @Schema(
                    description = "Redact card, Aadhaar, PAN, IFSC, account and phone numbers and e-mail addresses"
                            + " from transcripts, summaries and what is sent on")
            @Nullable
            Boolean redactTranscripts,

            @Schema(description = "Also silence the recording over the transcript lines that held them") @Nullable
            Boolean silenceRecordingSpans) {}

    /**
     * @param redactTranscripts what callers and the agent say is redacted before it is stored or sent anywhere
     * @param silenceRecordingSpans the recording is silenced over the lines redaction changed; without it the
     *     recording is kept as it was spoken
     */
    record CompanyResponse(
            String id,
            String name,
            String status,
            String timezone,
            Instant createdAt,
            boolean redactTranscripts,
            boolean silenceRecordingSpans) {
        static CompanyResponse of(Company company) {
            return new CompanyResponse(
                    company.id().toString(),
                    company.name(),
                    company.status(),
                    company.timezone(),
                    company.createdAt(),
                    company.redaction().redactTranscripts(),
                    company.redaction().silenceRecordingSpans());
        }
    }
}
