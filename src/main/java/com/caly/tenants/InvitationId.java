package com.caly.tenants;

import java.util.Objects;
import java.util.UUID;

/** The id of an invitation to join a company. */
public record InvitationId(UUID value) {

    public InvitationId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
