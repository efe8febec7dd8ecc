package com.caly.calls;

import java.util.Locale;

/**
 * How a call reached the agent: over the phone (a telephony provider carried it) or from the web console, where a
 * signed-in member talks to the agent from the browser. A web call's provider is {@link #WEB_PROVIDER}.
 */
public enum CallChannel {
    PHONE,
    WEB;

    /** The provider name of calls Caly carries itself, from the browser. */
    public static final String WEB_PROVIDER = "web";

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallChannel fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** The channel of a call carried by this provider. */
    public static CallChannel ofProvider(String provider) {
        return WEB_PROVIDER.equals(provider) ? WEB : PHONE;
    }
}
