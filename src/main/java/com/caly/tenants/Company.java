package com.caly.tenants;

import com.caly.shared.TenantId;
import java.time.Instant;

/** A company that uses Caly. */
public record Company(
        TenantId id, String name, String status, String timezone, Instant createdAt, RedactionSettings redaction) {

    public boolean active() {
        return "active".equals(status);
    }
}
