package com.caly.shared;

import java.util.Objects;
import java.util.UUID;

/** The id of a person who signs in for a company. */
public record UserId(UUID value) {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
