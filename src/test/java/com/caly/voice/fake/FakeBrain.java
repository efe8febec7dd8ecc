package com.caly.voice.fake;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fake model hears and says. A caller's words are chosen by the pitch of the tone the test plays (the
 * fake has no speech recognition); the replies follow the conversation the way a support model would, calling
 * the tools the session offers.
 */
public final class FakeBrain {

    /** Tone frequencies (Hz) and the words they stand for. */
    public static final Map<Integer, String> PHRASES = new TreeMap<>(Map.of(
            1700, "My card number is 4111 1111 1111 1111",
            300, "haan",
            500, "What time do you open?",
            700, "Where is my order 12345?",
            900, "I want to return order 12345, it arrived damaged.",
            1100, "Please connect me to a person.",
            1300, "That is all, bye.",
            1500, "Check my order please."));

    public static final String OPENING_HOURS = "We are open from nine in the morning to nine at night, every day.";

    /** What the model does next. */
    sealed interface Reply permits Speak, Call {}

    record Speak(String transcript, int audioMs) implements Reply {}

    record Call(String name, String arguments) implements Reply {}

    private FakeBrain() {}

    /** The phrase a tone of this frequency stands for, or "(unclear)". */
    public static String hear(double hz) {
        int best = -1;
        for (int frequency : PHRASES.keySet()) {
            if (Math.abs(frequency - hz) <= 60 && (best < 0 || Math.abs(frequency - hz) < Math.abs(best - hz))) {
                best = frequency;
            }
        }
        return best < 0 ? "(unclear)" : PHRASES.get(best);
    }

    /**
     * @param instructions the response's own instructions, if any
     * @param lastUser the caller's latest words
     * @param lastOutput the latest tool output, when it is newer than the caller's words
     */
    static Reply reply(String instructions, String lastUser, String lastOutput, List<String> tools) {
        String said = lastUser.toLowerCase(Locale.ROOT);
        if (instructions.toLowerCase(Locale.ROOT).contains("greet")) {
            int colon = instructions.indexOf(':');
            return new Speak(colon >= 0 ? instructions.substring(colon + 1).trim() : "Hello!", 1500);
        }
        if (!lastOutput.isEmpty()) {
            return new Speak("Here is what I found: " + abbreviate(lastOutput), 1200);
        }
        if (said.contains("return") && tools.contains("create_return_request")) {
            return new Call(
                    "create_return_request",
                    "{\"order_id\":\"12345\",\"items\":[\"all items\"],\"reason\":\"arrived damaged\",\"kind\":\"return\"}");
        }
        if (said.contains("check my order") && tools.contains("lookup_order")) {
            return new Call("lookup_order", "{\"order_number\":12345}");
        }
        if (said.contains("order") && tools.contains("lookup_order")) {
            return new Call("lookup_order", "{\"order_id\":\"12345\"}");
        }
        if (said.contains("person") && tools.contains("escalate_to_human")) {
            return new Call("escalate_to_human", "{\"reason\":\"caller asked for a person\",\"urgency\":\"normal\"}");
        }
        if (said.contains("bye") && tools.contains("end_call")) {
            return new Call("end_call", "{\"reason\":\"caller said goodbye\"}");
        }
        return new Speak(OPENING_HOURS, 2000);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120);
    }
}
