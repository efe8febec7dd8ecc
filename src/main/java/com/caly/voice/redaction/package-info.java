/**
 * Finds what must not be kept from a call's words (card, Aadhaar, PAN, IFSC, bank account and phone numbers, e-mail
 * addresses), written or spoken in English or Hindi, and replaces each with its category. Pure: no I/O, no clock.
 */
@NullMarked
package com.caly.voice.redaction;

import org.jspecify.annotations.NullMarked;
