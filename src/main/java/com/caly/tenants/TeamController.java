package com.caly.tenants;

import com.caly.shared.CurrentUser;
import com.caly.shared.EmailAddresses;
import com.caly.shared.Role;
import com.caly.shared.UserId;
import com.caly.shared.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The company's team: its members and invitations, managed by owners and admins. The list stays with owners and
 * admins: members see themselves in {@code /api/auth/me}, and the team page is a management page.
 */
@RestController
@RequestMapping("/api/company")
class TeamController {

    private static final String ROLE = "^(owner|admin|member)$";
    private static final String ROLE_MESSAGE = "must be owner, admin or member";

    private final TenantService tenants;
    private final TeamService team;
    private final TenantsProperties properties;

    TeamController(TenantService tenants, TeamService team, TenantsProperties properties) {
        this.tenants = tenants;
        this.team = team;
        this.properties = properties;
    }

    @Operation(summary = "The company's members (owners and admins)")
    @GetMapping("/members")
    List<MemberResponse> members(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return tenants.listMembers(user.companyId()).stream()
                .map(MemberResponse::of)
                .toList();
    }

    @Operation(
            summary = "Change a member's role (owners: any; admins: admins and members, never to owner)",
            description =
                    "The member's access tokens stop working at once; a refresh gives them one with the new role.")
    @PatchMapping("/members/{id}")
    @ProblemResponse(status = 409, description = "The member is the company's last owner")
    MemberResponse changeRole(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody ChangeRoleRequest request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return MemberResponse.of(team.changeRole(user, new UserId(id), Role.fromCode(request.role())));
    }

    @Operation(
            summary = "Remove a member (owners: anyone; admins: admins and members)",
            description = "The member's sessions end with them: their access and refresh tokens stop working at once.")
    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ProblemResponse(status = 409, description = "The member is the company's last owner")
    void removeMember(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        team.removeMember(user, new UserId(id));
    }

    @Operation(
            summary = "Invite someone by e-mail (owners: any role; admins: admin or member)",
            description = "E-mails a link to <console>/#/accept-invite?token=..., valid once until expiresAt. A pending"
                    + " invitation of the same address is replaced and its link stops working.")
    @PostMapping("/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    @ProblemResponse(status = 409, description = "The address already belongs to a member of the company")
    @ProblemResponse(status = 429, description = "The company sent too many invitations in the last hour")
    @ProblemResponse(status = 503, description = "The invitation could not be e-mailed; nothing was created")
    InvitationResponse invite(CurrentUser user, @Valid @RequestBody InviteRequest request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        Invitation invitation = team.invite(
                user, request.email(), Role.fromCode(request.role()), trimToNull(request.fullName()), linkBase());
        return InvitationResponse.of(invitation);
    }

    @Operation(summary = "The company's pending invitations, newest first (owners and admins)")
    @GetMapping("/invitations")
    List<InvitationResponse> invitations(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return team.pendingInvitations(user.companyId()).stream()
                .map(InvitationResponse::of)
                .toList();
    }

    @Operation(summary = "Revoke a pending invitation; its link stops working (owners and admins)")
    @DeleteMapping("/invitations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeInvitation(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        team.revokeInvitation(user, new InvitationId(id));
    }

    /** CONSOLE_URL (else WEBHOOK_BASE_URL); without either, the address this request came to. */
    private String linkBase() {
        String configured = properties.consoleUrl();
        if (configured != null) {
            return configured;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private static @Nullable String trimToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    record InviteRequest(
            @NotBlank
            @Size(max = 254)
            @Email
            @Pattern(regexp = EmailAddresses.PATTERN, message = EmailAddresses.MESSAGE)
            String email,

            @NotNull
            @Pattern(regexp = ROLE, message = ROLE_MESSAGE)
            @Schema(allowableValues = {"owner", "admin", "member"})
            String role,

            @Nullable @Size(max = 200) String fullName) {

        InviteRequest {
            email = EmailAddresses.normalise(email);
        }

        @Override
        public String toString() {
            return "InviteRequest[" + role + "]";
        }
    }

    record ChangeRoleRequest(
            @NotNull
            @Pattern(regexp = ROLE, message = ROLE_MESSAGE)
            @Schema(allowableValues = {"owner", "admin", "member"})
            String role) {}

    record MemberResponse(
            String id,
            String email,
            @Nullable String fullName,
            String role,
            boolean emailVerified,
            @Nullable Instant lastLoginAt,
            Instant createdAt) {
        static MemberResponse of(Member member) {
            return new MemberResponse(
                    member.id().toString(),
                    member.email(),
                    member.fullName(),
                    member.role().code(),
                    member.emailVerified(),
                    member.lastLoginAt(),
                    member.createdAt());
        }
    }

    /** {@code invitedBy} is left out once the inviter has been removed. */
    record InvitationResponse(
            String id,
            String email,
            @Nullable String fullName,
            String role,
            @Nullable InviterResponse invitedBy,
            Instant createdAt,
            Instant expiresAt) {
        static InvitationResponse of(Invitation invitation) {
            Invitation.Inviter inviter = invitation.invitedBy();
            return new InvitationResponse(
                    invitation.id().toString(),
                    invitation.email(),
                    invitation.fullName(),
                    invitation.role().code(),
                    inviter == null
                            ? null
                            : new InviterResponse(inviter.id().toString(), inviter.email(), inviter.fullName()),
                    invitation.createdAt(),
                    invitation.expiresAt());
        }
    }

    record InviterResponse(
            String id, String email, @Nullable String fullName) {}
}
