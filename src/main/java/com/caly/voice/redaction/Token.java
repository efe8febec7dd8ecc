package com.caly.voice.redaction;

import java.util.ArrayList;
import java.util.List;

/** A word, a number or one punctuation mark of a line, with its offsets; spaces only separate tokens. */
record Token(int start, int end, String text, Kind kind) {

    enum Kind {
        WORD,
        NUMBER,
        PUNCT
    }

    boolean punct(char mark) {
        return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == mark;
    }

    /** Words run over letters, digits and combining marks, so Devanagari matras and nuktas stay inside a word. */
    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += Character.charCount(cp);
            } else if (wordChar(cp)) {
                int j = i;
                boolean digits = true;
                while (j < text.length() && wordChar(text.codePointAt(j))) {
                    int c = text.codePointAt(j);
                    digits &= Character.isDigit(c);
                    j += Character.charCount(c);
                }
                tokens.add(new Token(i, j, text.substring(i, j), digits ? Kind.NUMBER : Kind.WORD));
                i = j;
            } else {
                int j = i + Character.charCount(cp);
                tokens.add(new Token(i, j, text.substring(i, j), Kind.PUNCT));
                i = j;
            }
        }
        return tokens;
    }

    /** The ASCII digits of a number token, whatever script its digits are in (४ is 4). */
    String asciiDigits() {
        StringBuilder digits = new StringBuilder(text.length());
        text.codePoints().forEach(c -> digits.append((char) ('0' + Character.digit(c, 10))));
        return digits.toString();
    }

    private static boolean wordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
