package com.caly.shared;

import java.util.Locale;

/** What a member may do: owners manage everything, admins manage settings and people, members read. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
