package com.caly.voice.redaction;

/** The check digit of payment card numbers (ISO/IEC 7812). */
public final class Luhn {

    private Luhn() {}

    /** Whether this string of ASCII digits ends in its Luhn check digit. */
    public static boolean valid(String digits) {
        if (digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
