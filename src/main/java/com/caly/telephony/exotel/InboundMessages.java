package com.caly.telephony.exotel;

import org.jspecify.annotations.Nullable;

/**
 * What the container's thread keeps of one stream while it reads: the parts of a message being joined, and whether
 * a start has come. The container delivers one stream's messages one at a time, so this needs no guard; the
 * stream's own state is on its loop.
 */
final class InboundMessages {

    private @Nullable StringBuilder parts;
    private boolean oversized;
    private boolean startSeen;

    /**
     * Joins a message that arrives in parts: returns it whole with its last part, else null. A message longer than
     * {@code maxChars} is not kept; {@link #oversized} then says so.
     */
    @Nullable
    String join(String part, boolean last, int maxChars) {
        if (parts == null && last) {
            oversized = part.length() > maxChars;
            return oversized ? null : part;
        }
        if (parts == null) {
            parts = new StringBuilder(part.length() * 2);
        }
        parts.append(part);
        oversized = parts.length() > maxChars;
        if (oversized) {
            parts = null;
            return null;
        }
        if (!last) {
            return null;
        }
        String whole = parts.toString();
        parts = null;
        return whole;
    }

    /** Whether a message's earlier parts are waiting for the rest. */
    boolean joining() {
        return parts != null;
    }

    boolean oversized() {
        return oversized;
    }

    /** Notes a start; false when one came before. */
    boolean firstStart() {
        boolean first = !startSeen;
        startSeen = true;
        return first;
    }
}
