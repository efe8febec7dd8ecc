package com.caly.shared.web;

/**
 * Which characters text from outside may hold. Tab, line feed and carriage return are allowed everywhere (prompts,
 * notes and facts are multi-line); every other C0 control (U+0000 to U+001F), DEL (U+007F), the C1 controls
 * (U+0080 to U+009F) and unpaired surrogates are not. PostgreSQL refuses U+0000 in text and jsonb, and the rest
 * are never meant as text. The API refuses such input with a 400 naming the field ({@link JsonBodyTextCheck},
 * {@link ParameterTextCheck}); provider webhooks, which must still be recorded, have the characters dropped with
 * {@link #clean}.
 */
public final class TextInputPolicy {

    public static final String MESSAGE = "must not contain control characters";

    private TextInputPolicy() {}

    /** The index of the first character the policy forbids, or -1 when there is none. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (forbidden(text, i)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isAllowed(CharSequence text) {
        return firstForbidden(text) < 0;
    }

    /** The text without the characters the policy forbids; the same instance when it has none. */
    public static String clean(String text) {
        return replace(text, "");
    }

    /** The text with each forbidden character shown as U+FFFD, for naming a field or parameter in a message. */
    public static String printable(String text) {
        return replace(text, "\uFFFD");
    }

    private static String replace(String text, String replacement) {
        int first = firstForbidden(text);
        if (first < 0) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        result.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            if (forbidden(text, i)) {
                result.append(replacement);
            } else {
                result.append(text.charAt(i));
            }
        }
        return result.toString();
    }

    private static boolean forbidden(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return c != '\t' && c != '\n' && c != '\r';
        }
        if (c >= 0x7F && c <= 0x9F) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    /** The message for a text whose first forbidden character is at {@code index}: which one, and where. */
    public static String describe(CharSequence text, int index) {
        return MESSAGE + " (U+" + String.format("%04X", (int) text.charAt(index)) + " at character " + (index + 1)
                + ")";
    }
}
