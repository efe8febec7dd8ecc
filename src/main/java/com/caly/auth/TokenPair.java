package com.caly.auth;

import java.time.Instant;

/** What a successful sign-in, verification or refresh hands out. */
record TokenPair(String accessToken, Instant accessTokenExpiresAt, String refreshToken, Instant refreshTokenExpiresAt) {

    @Override
    public String toString() {
        return "TokenPair[expires " + accessTokenExpiresAt + "]";
    }
}
