package com.caly.calls;

import java.util.Locale;

/** Where a call is in its life. The terminal ones never change back. */
public enum CallStatus {
    INITIATED,
    RINGING,
    IN_PROGRESS,
    COMPLETED,
    BUSY,
    NO_ANSWER,
    FAILED,
    CANCELED;

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
