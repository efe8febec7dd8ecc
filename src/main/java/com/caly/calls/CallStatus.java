package com.caly.calls;

import java.util.Locale;

/**
 * Where a call is in its life. The terminal ones never change back. {@code REFUSED}: turned away at its start for
 * its company's limit of simultaneous calls (it went to a person in the provider's flow, never to the agent).
 */
public enum CallStatus {
    INITIATED,
    RINGING,
    IN_PROGRESS,
    COMPLETED,
    BUSY,
    NO_ANSWER,
    FAILED,
    CANCELED,
    REFUSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    public static CallStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
