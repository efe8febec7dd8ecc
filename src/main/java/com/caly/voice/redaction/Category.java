package com.caly.voice.redaction;

import java.util.Locale;

/** What a redacted span was; its label is what the stored text carries in its place ({@code [card]}). */
public enum Category {
    CARD,
    AADHAAR,
    PAN,
    IFSC,
    ACCOUNT,
    PHONE,
    EMAIL;

    /** The name used in the API and in the redacted text: {@code card}, {@code aadhaar}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String placeholder() {
        return "[" + label() + "]";
    }
}
