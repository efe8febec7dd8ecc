package com.caly.tenants;

import com.caly.shared.Role;
import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A person who signs in for a company. */
public record Member(
        UserId id,
        TenantId companyId,
        String email,
        @Nullable String fullName,
        Role role,
        @Nullable Instant emailVerifiedAt,
        @Nullable Instant lastLoginAt,
        Instant createdAt) {

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }
}
