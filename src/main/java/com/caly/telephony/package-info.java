/**
 * The telephony provider's side of a call: a company's phone numbers, routing of inbound calls, and (in
 * {@code exotel}) the Exotel webhooks, media stream and API, kept behind this module's boundary.
 */
@NullMarked
package com.caly.telephony;

import org.jspecify.annotations.NullMarked;
