package com.caly.telephony;

import java.util.Optional;

/**
 * Normalises phone numbers to E.164 ({@code +919845012345}). Numbers written the Indian way are understood: a
 * trunk prefix 0 ({@code 080 4123 4567}), ten national digits, or the country code without {@code +}. Other
 * countries need the {@code +} or {@code 00} form.
 */
public final class PhoneNumberFormat {

    private final String defaultCountryCode;

    public PhoneNumberFormat(String defaultCountryCode) {
        if (!defaultCountryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1 to 3 digits");
        }
        this.defaultCountryCode = defaultCountryCode;
    }

    public Optional<String> toE164(String input) {
        String trimmed = input.trim();
        if (trimmed.isEmpty() || !trimmed.matches("[+0-9 ()./-]+") || trimmed.indexOf('+') > 0) {
            return Optional.empty();
        }
        // Exotel wraps some values in quotes and sends "+" as a space in query strings: tolerate a leading space
        String digits = trimmed.replaceAll("[^0-9]", "");
        String e164;
        if (trimmed.startsWith("+")) {
            e164 = "+" + digits;
        } else if (digits.startsWith("00")) {
            e164 = "+" + digits.substring(2);
        } else if (digits.startsWith("0")) {
            e164 = "+" + defaultCountryCode + digits.substring(1);
        } else if (digits.length() == 10) {
            e164 = "+" + defaultCountryCode + digits;
        } else if (digits.startsWith(defaultCountryCode) && digits.length() == 10 + defaultCountryCode.length()) {
            e164 = "+" + digits;
        } else {
            return Optional.empty();
        }
        return e164.matches("\\+[1-9][0-9]{6,14}") ? Optional.of(e164) : Optional.empty();
    }
}
