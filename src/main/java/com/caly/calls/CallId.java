package com.caly.calls;

import java.util.Objects;
import java.util.UUID;

/** The id of a call. */
public record CallId(UUID value) {

    public CallId {
        Objects.requireNonNull(value, "value");
    }

    public static CallId of(String value) {
        return new CallId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
