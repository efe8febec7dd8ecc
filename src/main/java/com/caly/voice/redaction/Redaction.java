package com.caly.voice.redaction;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line with what had to go replaced by its category.
 *
 * @param text the redacted text
 * @param spans what was replaced, by offsets into the original text, in order
 */
public record Redaction(String text, List<Span> spans) {

    public Redaction {
        spans = List.copyOf(spans);
    }

    public static Redaction none(String text) {
        return new Redaction(text, List.of());
    }

    public boolean any() {
        return !spans.isEmpty();
    }

    /** How many spans of each category, by label, in the categories' order. */
    public Map<String, Integer> counts() {
        Map<Category, Integer> byCategory = new EnumMap<>(Category.class);
        spans.forEach(span -> byCategory.merge(span.category(), 1, Integer::sum));
        Map<String, Integer> counts = new LinkedHashMap<>();
        byCategory.forEach((category, count) -> counts.put(category.label(), count));
        return counts;
    }
}
