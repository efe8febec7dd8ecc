package com.caly.tenants;

/** A member with the hash of their password, for the sign-in check only. */
public record MemberCredentials(Member member, String passwordHash) {

    @Override
    public String toString() {
        return "MemberCredentials[" + member.id() + "]";
    }
}
