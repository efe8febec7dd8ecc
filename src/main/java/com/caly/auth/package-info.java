/**
 * Sign-up with e-mail OTP, sign-in, JWT access tokens with rotating refresh tokens, and the HTTP security of the
 * whole API (who may call what, CORS, security headers).
 */
@NullMarked
package com.caly.auth;

import org.jspecify.annotations.NullMarked;
