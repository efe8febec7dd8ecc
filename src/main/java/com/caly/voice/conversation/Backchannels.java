package com.caly.voice.conversation;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The short words a caller says while listening ("haan", "accha", "hmm", "ok"), in every language the company
 * lists: an utterance of at most three words, each of them one of these, is a backchannel, not a turn.
 */
public final class Backchannels {

    private static final int MAX_WORDS = 3;

    private final Set<String> words = new HashSet<>();

    public Backchannels(Collection<? extends Collection<String>> perLanguage) {
        perLanguage.forEach(list -> list.forEach(word -> words.add(normalise(word))));
    }

    public boolean isBackchannel(String said) {
        String normal = normalise(said);
        if (normal.isEmpty()) {
            return false;
        }
        if (words.contains(normal)) {
            return true;
        }
        String[] parts = normal.split(" ");
        if (parts.length > MAX_WORDS) {
            return false;
        }
        for (String part : parts) {
            if (!words.contains(part)) {
                return false;
            }
        }
        return true;
    }

    static String normalise(String words) {
        return words.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N} ]", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
