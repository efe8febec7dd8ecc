package com.caly.tenants;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A pending invitation to join a company with a role. {@code invitedBy} is null once the inviter has been removed.
 */
public record Invitation(
        InvitationId id,
        TenantId companyId,
        String email,
        @Nullable String fullName,
        Role role,
        @Nullable Inviter invitedBy,
        Instant createdAt,
        Instant expiresAt) {

    /** The member who sent the invitation. */
    public record Inviter(UserId id, String email, @Nullable String fullName) {}
}
