package com.caly.shared;

import java.util.Objects;
import java.util.UUID;

/** The id of a company (tenant). Every read of company data takes one. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    public static TenantId of(String value) {
        return new TenantId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
