package com.caly.voice.redaction;

/**
 * One redacted stretch of the original text.
 *
 * @param start the first char, an offset into the original text
 * @param end one past the last char
 */
public record Span(Category category, int start, int end) {}
