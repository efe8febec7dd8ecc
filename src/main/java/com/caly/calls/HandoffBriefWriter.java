package com.caly.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes a hand-off brief from what the call left so far, with rules and no model: the person's phone rings within
 * seconds, too soon for a second round trip to one. The caller's words are kept as said (condensed, not
 * paraphrased); the intent comes from keywords in English and Hinglish and from the tools the agent ran.
 */
final class HandoffBriefWriter {

    /** A transcript line as stored: {@code caller}, {@code agent}, {@code human} or {@code system}. */
    record Line(String speaker, String text) {}

    /** A tool call as the actions log holds it. */
    record ToolAction(
            String tool,
            String status,
            @Nullable JsonNode arguments,
            @Nullable JsonNode result) {}

    static final int CALLER_LINES = 3;
    static final int QUOTE_CHARS = 160;
    static final int SUMMARY_CHARS = 600;
    static final int MAX_ITEMS = 8;
    static final String GENERAL = "general enquiry";
    static final String PERSON = "speak to a person";

    /**
     * Keywords per intent, most specific first: a tie goes to the earlier one. A keyword matches the start of a
     * word ("deliver" matches "delivered"); one of several words matches those words in a row.
     */
    private static final Map<String, List<String>> INTENTS = new LinkedHashMap<>();

    static {
        INTENTS.put(
                "return request",
                List.of(
                        "return",
                        "refund",
                        "exchange",
                        "replace",
                        "wapas",
                        "vapas",
                        "waapas",
                        "badalna",
                        "badal do",
                        "वापस",
                        "रिफंड",
                        "बदल"));
        INTENTS.put("order cancellation", List.of("cancel", "radd", "कैंसल", "रद्द"));
        INTENTS.put(
                "payment issue",
                List.of(
                        "payment",
                        "paid",
                        "charged",
                        "deducted",
                        "paise kat",
                        "paisa kat",
                        "upi",
                        "double charge",
                        "bill",
                        "invoice",
                        "पेमेंट",
                        "पैसे कट"));
        INTENTS.put(
                "order status",
                List.of(
                        "order",
                        "deliver",
                        "track",
                        "shipped",
                        "shipment",
                        "parcel",
                        "courier",
                        "kab aayega",
                        "kab aaega",
                        "kab tak",
                        "kahan hai",
                        "kaha hai",
                        "pahunch",
                        "ऑर्डर",
                        "डिलीवरी",
                        "कहाँ",
                        "कहां"));
        INTENTS.put(
                "product complaint",
                List.of(
                        "damaged",
                        "broken",
                        "defective",
                        "not working",
                        "wrong item",
                        "kharab",
                        "toota",
                        "tuta",
                        "galat",
                        "खराब",
                        "टूटा"));
        INTENTS.put(
                "opening hours", List.of("what time", "opening", "open", "timing", "kab khul", "kitne baje", "खुल"));
        INTENTS.put(
                PERSON,
                List.of(
                        "person",
                        "human",
                        "agent",
                        "representative",
                        "manager",
                        "someone",
                        "insaan",
                        "kisi se baat",
                        "baat karni",
                        "baat karao",
                        "इंसान",
                        "किसी से बात"));
    }

    /** What the tools the agent ran say of the caller's purpose, weighed above one keyword. */
    private static final Map<String, String> TOOL_INTENTS =
            Map.of("lookup_order", "order status", "create_return_request", "return request");

    /** Words that carry no request on their own: a line of nothing else is left out of the summary. */
    private static final Set<String> FILLERS = Set.of(
            "haan",
            "han",
            "ha",
            "haa",
            "ji",
            "haanji",
            "hanji",
            "ok",
            "okay",
            "hmm",
            "hm",
            "mm",
            "uh",
            "um",
            "yes",
            "yeah",
            "no",
            "nahi",
            "nahin",
            "acha",
            "accha",
            "achha",
            "achcha",
            "theek",
            "thik",
            "hai",
            "hello",
            "hi",
            "hey",
            "sure",
            "right",
            "bye",
            "thanks",
            "thank",
            "you",
            "shukriya",
            "dhanyavad",
            "please",
            "unclear",
            "sir",
            "madam",
            "bhaiya",
            "हाँ",
            "हां",
            "जी",
            "ठीक",
            "है",
            "अच्छा",
            "नमस्ते");

    private HandoffBriefWriter() {}

    static HandoffBrief write(
            List<Line> transcript,
            List<ToolAction> actions,
            List<HandoffBrief.ReturnFiled> returns,
            String reason,
            String urgency,
            Instant preparedAt,
            long preparedInMs) {
        List<String> callerLines = new ArrayList<>();
        for (Line line : transcript) {
            if (line.speaker().equals("caller") && substantive(line.text())) {
                callerLines.add(line.text().strip());
            }
        }
        return new HandoffBrief(
                summary(callerLines, lastAgentLine(transcript)),
                intent(callerLines, actions),
                actionsTaken(actions),
                last(returns, MAX_ITEMS),
                reason,
                urgency,
                preparedAt,
                Math.max(0, preparedInMs));
    }

    static String summary(List<String> callerLines, @Nullable String agentLine) {
        StringBuilder summary = new StringBuilder();
        List<String> recent = last(callerLines, CALLER_LINES);
        if (recent.isEmpty()) {
            summary.append("No words from the caller were transcribed before the hand-off.");
        } else {
            summary.append("The caller said:");
            for (String said : recent) {
                summary.append(" \"").append(cut(said, QUOTE_CHARS)).append('"');
            }
        }
        if (agentLine != null) {
            summary.append(" The agent last said: \"")
                    .append(cut(agentLine, QUOTE_CHARS))
                    .append('"');
        }
        return cut(summary.toString(), SUMMARY_CHARS);
    }

    /** The intent with the most keyword hits in the caller's lines, the tools counting twice; ties to the earlier. */
    static String intent(List<String> callerLines, List<ToolAction> actions) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        INTENTS.keySet().forEach(intent -> scores.put(intent, 0));
        for (String said : callerLines) {
            String words = words(said);
            INTENTS.forEach((intent, keywords) -> {
                for (String keyword : keywords) {
                    if (words.contains(" " + keyword)) {
                        scores.merge(intent, 1, Integer::sum);
                    }
                }
            });
        }
        for (ToolAction action : actions) {
            String intent = TOOL_INTENTS.get(action.tool());
            if (intent != null) {
                scores.merge(intent, 2, Integer::sum);
            }
        }
        String best = GENERAL;
        int bestScore = 0;
        for (Map.Entry<String, Integer> score : scores.entrySet()) {
            // asking for a person is the hand-off itself: the intent only when nothing else was asked
            if (!score.getKey().equals(PERSON) && score.getValue() > bestScore) {
                best = score.getKey();
                bestScore = score.getValue();
            }
        }
        return bestScore == 0 && scores.get(PERSON) > 0 ? PERSON : best;
    }

    static List<HandoffBrief.ActionTaken> actionsTaken(List<ToolAction> actions) {
        List<HandoffBrief.ActionTaken> taken = new ArrayList<>();
        for (ToolAction action : actions) {
            String said = describe(action);
            if (said != null) {
                taken.add(new HandoffBrief.ActionTaken(cut(action.tool(), 100), cut(said, QUOTE_CHARS)));
            }
        }
        return last(taken, MAX_ITEMS);
    }

    /** One action in a line, or null for the ones that are the end of the call itself. */
    static @Nullable String describe(ToolAction action) {
        JsonNode args = action.arguments();
        JsonNode result = action.result();
        String orderId = text(args, "order_id");
        String order = orderId != null ? "order " + cut(orderId, 40) : "an order";
        boolean ok = action.status().equals("ok");
        return switch (action.tool()) {
            case "lookup_order" -> {
                String target = orderId != null
                        ? order
                        : text(args, "phone") != null ? "the orders of the caller's phone" : "an order";
                if (!ok) {
                    yield "could not look up " + target + " ("
                            + (action.status().equals("timeout") ? "the order system did not answer" : action.status())
                            + ")";
                }
                if ("order_not_found".equals(text(result, "error"))) {
                    yield "looked up " + target + ": not found";
                }
                String status = text(result, "status");
                String due = text(result, "expected_delivery") != null
                        ? text(result, "expected_delivery")
                        : text(result, "eta");
                yield "looked up " + target + (status == null ? "" : ": " + status)
                        + (due == null ? "" : ", expected " + due);
            }
            case "create_return_request" -> {
                String kind = text(args, "kind") == null ? "return" : text(args, "kind");
                String why = text(args, "reason");
                yield ok
                        ? "filed a " + kind + " request for " + order + (why == null ? "" : ": " + why)
                        : "could not file a " + kind + " request for " + order + " (" + action.status() + ")";
            }
            case "escalate_to_human", "end_call" -> null;
            default -> action.tool() + ": " + action.status();
        };
    }

    private static @Nullable String lastAgentLine(List<Line> transcript) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            Line line = transcript.get(i);
            if (line.speaker().equals("agent") && !line.text().isBlank()) {
                return line.text().strip();
            }
        }
        return null;
    }

    /** Whether a line says more than "haan", "ok" or "theek hai". */
    static boolean substantive(String text) {
        for (String word : words(text).strip().split(" ")) {
            if (!word.isEmpty() && !FILLERS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, punctuation to spaces, one space before every word (Devanagari's vowel signs stay in theirs). */
    private static String words(String text) {
        return " "
                + text.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{M}\\p{N}]+", " ")
                        .strip() + " ";
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        String text = value.isValueNode() ? value.asString() : value.toString();
        return text.isBlank() ? null : text.strip();
    }

    private static <T> List<T> last(List<T> items, int count) {
        return List.copyOf(items.subList(Math.max(0, items.size() - count), items.size()));
    }

    /** At most {@code max} characters, cut at a code point and marked with an ellipsis. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
