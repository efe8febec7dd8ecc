/**
 * API keys for a company's own integrations: created by owners and admins and shown once, stored as a SHA-256
 * hash found by a public prefix, limited to read scopes, rate limited per key, and revoked at once.
 */
@NullMarked
package com.caly.apikeys;

import org.jspecify.annotations.NullMarked;
