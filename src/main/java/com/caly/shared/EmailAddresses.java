package com.caly.shared;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The one rule for e-mail addresses the API takes, so sign-up and invitations accept the same ones. */
public final class EmailAddresses {

    /** Stricter than {@code @Email} alone: a dot in the domain, no spaces, no quotes. */
    public static final String PATTERN =
            "^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

    public static final String MESSAGE = "must be a valid e-mail address";

    private EmailAddresses() {}

    /** Addresses are compared trimmed and in lower case; done before validation so pasted spaces do not fail it. */
    public static @Nullable String normalise(@Nullable String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
