package com.caly.voice.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Redacts one transcript line. E-mail addresses go first (written, or spoken with "at" and "dot"), then PAN and
 * IFSC codes (written or spelled out), then numbers: the digits of neighbouring tokens, written or spoken, joined
 * over spaces, dashes and commas, and judged by their length, their check digit (Luhn for cards, Verhoeff for
 * Aadhaar), their shape (Indian mobile numbers) and the word said just before them. An account number has no check
 * digit and looks like any other number, so it needs "account" (or a/c, khata, खाता) before it; and a number said
 * after "order", "invoice", "pincode", "rupees" and the like is never redacted, because agents look orders up by
 * their number and amounts are no secret.
 */
public final class Redactor {

    private static final int CONTEXT_CHARS = 48;
    private static final int MAX_DROPPED_DIGITS = 4;

    private static final Pattern WRITTEN_EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,6}");
    // every repetition is bounded: Java's regex engine recurses on repeated groups, and a line of "a dot a dot ..."
    // must not run it out of stack
    private static final String WORD = "[a-z0-9_+][a-z0-9_+-]{0,63}";
    private static final String DOT = "(?:\\s*\\.\\s*|\\s+(?:dot|डॉट)\\s+)";
    private static final String AT = "(?:\\s*@\\s*|\\s+(?:at\\s+the\\s+rate(?:\\s+of)?|at|एट\\s+द\\s+रेट)\\s+)";
    private static final String TLD = "(?:com|in|org|net|co|io|edu|gov|info|biz|me|ai)";
    private static final Pattern SPOKEN_EMAIL = Pattern.compile(
            "(?<![a-z0-9_.+-])(" + WORD + "(?:" + DOT + WORD + "){0,4})" + AT + WORD + "(?:" + DOT + WORD + "){0,4}"
                    + DOT + TLD + "(?![a-z0-9])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Words that sit before "at" without being anyone's mailbox ("visit us at caly dot in"). */
    private static final Set<String> NOT_A_MAILBOX = Set.of(
            "me",
            "us",
            "him",
            "her",
            "them",
            "it",
            "look",
            "visit",
            "call",
            "mail",
            "email",
            "write",
            "site",
            "website",
            "here",
            "there",
            "is",
            "are",
            "was",
            "be",
            "check",
            "go",
            "login",
            "find",
            "reach",
            "online",
            "available",
            "shop",
            "order",
            "buy");

    private static final Pattern PAN = Pattern.compile("[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]");
    private static final Pattern IFSC = Pattern.compile("[A-Z]{4}0[A-Z0-9]{6}");

    private enum Context {
        NONE,
        ACCOUNT,
        AADHAAR,
        CARD,
        PHONE,
        NOT_SECRET
    }

    private record Cue(Pattern words, Context context) {}

    private static final String BEFORE = "(?<![\\p{L}\\p{M}])";
    private static final List<Cue> CUES = List.of(
            new Cue(Pattern.compile(BEFORE + "(?:account|acct|a/c|khaata|khata|खाता|अकाउंट|एकाउंट)"), Context.ACCOUNT),
            new Cue(Pattern.compile(BEFORE + "(?:aadhaar|aadhar|adhaar|adhar|आधार)"), Context.AADHAAR),
            new Cue(Pattern.compile(BEFORE + "(?:card|कार्ड)"), Context.CARD),
            new Cue(Pattern.compile(BEFORE + "(?:phone|mobile|contact|whatsapp|फ़ोन|फोन|मोबाइल)"), Context.PHONE),
            new Cue(
                    Pattern.compile(BEFORE
                            + "(?:order|ऑर्डर|आर्डर|tracking|awb|invoice|ticket|reference|ref|booking|pnr|otp"
                            + "|pin|pincode|zip|postal|rupees|rupaye|rupay|rs(?![a-z])|inr|₹|रुपये|रुपए|रुपया"
                            + "|amount|price|paid|cost|पिन)"),
                    Context.NOT_SECRET));

    private Redactor() {}

    /** The line with every secret it holds replaced by its category. */
    public static Redaction redact(String text) {
        List<Span> spans = new ArrayList<>();
        boolean[] covered = new boolean[text.length()];
        emails(text, spans, covered);
        List<Token> tokens = Token.of(text);
        codes(tokens, spans, covered);
        numbers(text, tokens, spans, covered);
        if (spans.isEmpty()) {
            return Redaction.none(text);
        }
        spans.sort(Comparator.comparingInt(Span::start));
        StringBuilder redacted = new StringBuilder(text.length());
        int at = 0;
        for (Span span : spans) {
            redacted.append(text, at, span.start()).append(span.category().placeholder());
            at = span.end();
        }
        redacted.append(text, at, text.length());
        return new Redaction(redacted.toString(), spans);
    }

    // ---- e-mail addresses

    private static void emails(String text, List<Span> spans, boolean[] covered) {
        Matcher written = WRITTEN_EMAIL.matcher(text);
        while (written.find()) {
            add(spans, covered, Category.EMAIL, written.start(), written.end());
        }
        Matcher spoken = SPOKEN_EMAIL.matcher(text);
        while (spoken.find()) {
            String mailbox = spoken.group(1).toLowerCase(Locale.ROOT);
            if (!NOT_A_MAILBOX.contains(mailbox) && free(covered, spoken.start(), spoken.end())) {
                add(spans, covered, Category.EMAIL, spoken.start(), spoken.end());
            }
        }
    }

    // ---- PAN and IFSC: letters and digits, written together or spelled out

    private record Piece(String chars, int start, int end) {}

    private static void codes(List<Token> tokens, List<Span> spans, boolean[] covered) {
        List<Piece> run = new ArrayList<>();
        for (Token token : tokens) {
            String chars = codeChars(token);
            if (chars != null && free(covered, token.start(), token.end())) {
                run.add(new Piece(chars, token.start(), token.end()));
            } else if (!token.punct('-')) {
                codesIn(run, spans, covered);
                run.clear();
            }
        }
        codesIn(run, spans, covered);
    }

    private static @Nullable String codeChars(Token token) {
        if (token.kind() == Token.Kind.NUMBER) {
            return token.asciiDigits();
        }
        if (token.kind() != Token.Kind.WORD || !token.text().matches("[A-Za-z0-9]+")) {
            return null;
        }
        String text = token.text();
        String spoken = SpokenDigits.digits(text);
        if (spoken != null && spoken.length() == 1 && !text.equals(text.toUpperCase(Locale.ROOT))) {
            return spoken;
        }
        boolean hasDigit = text.chars().anyMatch(Character::isDigit);
        if (text.length() == 1 || hasDigit || text.equals(text.toUpperCase(Locale.ROOT))) {
            return text.toUpperCase(Locale.ROOT);
        }
        return null;
    }

    private static void codesIn(List<Piece> run, List<Span> spans, boolean[] covered) {
        int first = 0;
        while (first < run.size()) {
            int matchedTo = -1;
            Category category = null;
            StringBuilder chars = new StringBuilder();
            for (int last = first; last < run.size() && chars.length() < 11; last++) {
                chars.append(run.get(last).chars());
                if (chars.length() == 10 && PAN.matcher(chars).matches()) {
                    matchedTo = last;
                    category = Category.PAN;
                } else if (chars.length() == 11 && IFSC.matcher(chars).matches()) {
                    matchedTo = last;
                    category = Category.IFSC;
                }
            }
            if (category != null) {
                add(
                        spans,
                        covered,
                        category,
                        run.get(first).start(),
                        run.get(matchedTo).end());
                first = matchedTo + 1;
            } else {
                first++;
            }
        }
    }

    // ---- numbers

    /**
     * @param tens a spoken tens word ("ninety"), which takes the unit word after it ("ninety eight" is 98)
     * @param unit a spoken English unit word
     */
    private record Digits(String digits, int start, int end, boolean tens, boolean unit) {}

    private static void numbers(String text, List<Token> tokens, List<Span> spans, boolean[] covered) {
        List<Digits> run = new ArrayList<>();
        int repeat = 0;
        int repeatStart = 0;
        int previousEnd = 0;
        int prefixStart = -1;
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            Digits digits = free(covered, token.start(), token.end()) ? digits(token) : null;
            int repeats = token.kind() == Token.Kind.WORD ? SpokenDigits.repeats(token.text()) : 0;
            if (digits == null && repeats > 0) {
                repeat = repeats;
                repeatStart = token.start();
                continue;
            }
            if (digits == null) {
                if (!run.isEmpty() && (token.punct('-') || token.punct(','))) {
                    continue;
                }
                if (!run.isEmpty()) {
                    previousEnd = judge(text, run, prefixStart, previousEnd, spans, covered);
                    run.clear();
                }
                repeat = 0;
                continue;
            }
            if (repeat > 0 && digits.digits().length() == 1) {
                digits = new Digits(digits.digits().repeat(repeat), repeatStart, digits.end(), false, false);
            }
            repeat = 0;
            if (run.isEmpty()) {
                prefixStart = prefix(tokens, t, covered);
            }
            Digits last = run.isEmpty() ? null : run.get(run.size() - 1);
            if (last != null && last.tens() && digits.unit()) {
                run.set(
                        run.size() - 1,
                        new Digits(
                                last.digits().charAt(0) + digits.digits(), last.start(), digits.end(), false, false));
            } else {
                run.add(digits);
            }
        }
        if (!run.isEmpty()) {
            judge(text, run, prefixStart, previousEnd, spans, covered);
        }
    }

    private static @Nullable Digits digits(Token token) {
        if (token.kind() == Token.Kind.NUMBER) {
            return new Digits(token.asciiDigits(), token.start(), token.end(), false, false);
        }
        if (token.kind() != Token.Kind.WORD) {
            return null;
        }
        String spoken = SpokenDigits.digits(token.text());
        if (spoken == null) {
            return null;
        }
        return new Digits(
                spoken,
                token.start(),
                token.end(),
                SpokenDigits.tens(token.text()),
                SpokenDigits.englishUnit(token.text()));
    }

    /** Where a "+" or "plus" said just before a number starts, or -1. */
    private static int prefix(List<Token> tokens, int first, boolean[] covered) {
        if (first == 0) {
            return -1;
        }
        Token before = tokens.get(first - 1);
        boolean plus = before.punct('+')
                || (before.kind() == Token.Kind.WORD && before.text().equalsIgnoreCase("plus"));
        return plus && free(covered, before.start(), before.end()) ? before.start() : -1;
    }

    /** Redacts what the run holds; returns where the run ends, the start of the next run's context. */
    private static int judge(
            String text, List<Digits> run, int prefixStart, int previousEnd, List<Span> spans, boolean[] covered) {
        int start = run.get(0).start();
        int end = run.get(run.size() - 1).end();
        Context context = context(text, Math.max(previousEnd, start - CONTEXT_CHARS), start);
        String all = join(run, 0, run.size() - 1);
        Category whole = classify(all, context, false);
        if (whole != null) {
            add(spans, covered, whole, whole == Category.PHONE && prefixStart >= 0 ? prefixStart : start, end);
            return end;
        }
        if (all.length() <= 19) {
            // a number with a little said before or after it: "one" said before a phone number, a card's CVV
            boolean cardOnly = all.length() >= 13;
            Window best = null;
            for (int a = 0; a < run.size() && digitsBefore(run, a) <= MAX_DROPPED_DIGITS; a++) {
                for (int b = run.size() - 1; b >= a && digitsAfter(run, b) <= MAX_DROPPED_DIGITS; b--) {
                    String digits = join(run, a, b);
                    Category category = classify(digits, context, cardOnly);
                    if (category != null && (best == null || digits.length() > best.length())) {
                        best = new Window(a, b, digits.length(), category);
                    }
                }
            }
            if (best != null) {
                add(
                        spans,
                        covered,
                        best.category(),
                        run.get(best.first()).start(),
                        run.get(best.last()).end());
            }
            return end;
        }
        // several numbers said in one breath: take the longest that fits from the left, then go on after it; no
        // category is longer than 19 digits, so neither is a window
        int a = 0;
        while (a < run.size()) {
            int matched = -1;
            Category category = null;
            StringBuilder digits = new StringBuilder();
            for (int b = a;
                    b < run.size() && digits.length() + run.get(b).digits().length() <= 19;
                    b++) {
                digits.append(run.get(b).digits());
                Category found = classify(digits.toString(), context, false);
                if (found != null) {
                    matched = b;
                    category = found;
                }
            }
            if (category != null) {
                add(
                        spans,
                        covered,
                        category,
                        run.get(a).start(),
                        run.get(matched).end());
                a = matched + 1;
            } else {
                a++;
            }
        }
        return end;
    }

    private record Window(int first, int last, int length, Category category) {}

    private static @Nullable Category classify(String digits, Context context, boolean cardOnly) {
        int n = digits.length();
        if (context == Context.NOT_SECRET || n < 9) {
            return null;
        }
        if (context == Context.ACCOUNT && n <= 18 && !cardOnly) {
            return Category.ACCOUNT;
        }
        if (n >= 13 && n <= 19 && Luhn.valid(digits)) {
            return Category.CARD;
        }
        if (cardOnly) {
            return null;
        }
        if (context == Context.AADHAAR && aadhaar(digits)) {
            return Category.AADHAAR;
        }
        if (phone(digits)) {
            return Category.PHONE;
        }
        return aadhaar(digits) ? Category.AADHAAR : null;
    }

    private static boolean aadhaar(String digits) {
        return digits.length() == 12 && digits.charAt(0) >= '2' && Verhoeff.valid(digits);
    }

    private static boolean phone(String digits) {
        int n = digits.length();
        if (n == 10) {
            return mobileStart(digits.charAt(0));
        }
        if (n == 11) {
            return digits.charAt(0) == '0' && mobileStart(digits.charAt(1));
        }
        return n == 12 && digits.startsWith("91") && mobileStart(digits.charAt(2));
    }

    private static boolean mobileStart(char digit) {
        return digit >= '6' && digit <= '9';
    }

    /** What the words just before a number say it is: the cue nearest to the number wins. */
    private static Context context(String text, int from, int to) {
        String window = text.substring(from, to).toLowerCase(Locale.ROOT);
        Context nearest = Context.NONE;
        int nearestEnd = -1;
        for (Cue cue : CUES) {
            Matcher matcher = cue.words().matcher(window);
            while (matcher.find()) {
                if (matcher.end() > nearestEnd) {
                    nearestEnd = matcher.end();
                    nearest = cue.context();
                }
            }
        }
        return nearest;
    }

    private static String join(List<Digits> run, int first, int last) {
        StringBuilder digits = new StringBuilder();
        for (int i = first; i <= last; i++) {
            digits.append(run.get(i).digits());
        }
        return digits.toString();
    }

    private static int digitsBefore(List<Digits> run, int first) {
        return join(run, 0, first - 1).length();
    }

    private static int digitsAfter(List<Digits> run, int last) {
        return join(run, last + 1, run.size() - 1).length();
    }

    private static boolean free(boolean[] covered, int start, int end) {
        for (int i = start; i < end; i++) {
            if (covered[i]) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<Span> spans, boolean[] covered, Category category, int start, int end) {
        if (!free(covered, start, end)) {
            return;
        }
        for (int i = start; i < end; i++) {
            covered[i] = true;
        }
        spans.add(new Span(category, start, end));
    }
}
