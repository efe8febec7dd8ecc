package com.caly.voice.redaction;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Digits as a caller says them and a transcriber writes them: English words (with teens and tens, so "ninety
 * eight" is 98), "oh" for zero, "double"/"triple", and Hindi in Devanagari and in Latin letters, including the
 * English digit names written in Devanagari that Hindi transcripts often carry (नाइन, ज़ीरो). Larger words
 * ("hundred", "thousand", सौ) are left alone on purpose: they belong to amounts, not to identifiers.
 */
final class SpokenDigits {

    private static final Map<String, String> DIGITS = new HashMap<>();
    private static final Set<String> TENS =
            Set.of("twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety");
    private static final Set<String> ENGLISH_UNITS =
            Set.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    static {
        String[] english = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        for (int i = 0; i < english.length; i++) {
            put(english[i], i);
        }
        put("oh", 0);
        put("o", 0);
        String[] teens = {
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
        };
        for (int i = 0; i < teens.length; i++) {
            DIGITS.put(teens[i], String.valueOf(10 + i));
        }
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            DIGITS.put(tens[i], (i + 2) + "0");
        }
        DIGITS.put("fourty", "40");
        // Hindi, Devanagari
        put("शून्य", 0);
        put("एक", 1);
        put("दो", 2);
        put("तीन", 3);
        put("चार", 4);
        put("पांच", 5);
        put("पाँच", 5);
        put("छह", 6);
        put("छः", 6);
        put("छे", 6);
        put("छै", 6);
        put("सात", 7);
        put("आठ", 8);
        put("नौ", 9);
        // English digit names in Devanagari
        put("ज़ीरो", 0);
        put("जीरो", 0);
        put("वन", 1);
        put("टू", 2);
        put("थ्री", 3);
        put("फोर", 4);
        put("फ़ोर", 4);
        put("फाइव", 5);
        put("फ़ाइव", 5);
        put("सिक्स", 6);
        put("सेवन", 7);
        put("एट", 8);
        put("नाइन", 9);
        // Hindi, Latin letters
        put("shoonya", 0);
        put("shunya", 0);
        put("sunya", 0);
        put("ek", 1);
        put("do", 2);
        put("teen", 3);
        put("char", 4);
        put("chaar", 4);
        put("paanch", 5);
        put("panch", 5);
        put("paanc", 5);
        put("chhe", 6);
        put("chhah", 6);
        put("chah", 6);
        put("che", 6);
        put("saat", 7);
        put("aath", 8);
        put("aat", 8);
        put("nau", 9);
        put("nao", 9);
    }

    private SpokenDigits() {}

    private static void put(String word, int digit) {
        DIGITS.put(key(word), String.valueOf(digit));
    }

    static String key(String word) {
        return Normalizer.normalize(word, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** The digits a word stands for, or null. */
    static @Nullable String digits(String word) {
        return DIGITS.get(key(word));
    }

    static boolean tens(String word) {
        return TENS.contains(key(word));
    }

    static boolean englishUnit(String word) {
        return ENGLISH_UNITS.contains(key(word));
    }

    /** How many times "double", "triple" (or डबल, ट्रिपल) repeat the digit after them; 0 for other words. */
    static int repeats(String word) {
        return switch (key(word)) {
            case "double", "डबल" -> 2;
            case "triple", "ट्रिपल" -> 3;
            default -> 0;
        };
    }
}
