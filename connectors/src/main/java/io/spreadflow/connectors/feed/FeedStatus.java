package io.spreadflow.connectors.feed;

/**
 * A change in a feed's health, published beside the ticks so operators and the job can tell a
 * quiet market from a broken feed.
 *
 * @param instrument the instrument concerned, or null for the whole connection
 * @param tsUs when it was observed, epoch µs
 */
public record FeedStatus(String venue, String instrument, State state, String detail, long tsUs) {

    /** What happened. */
    public enum State {
        /** Connected and subscribed. */
        CONNECTED,
        /** The connection closed or failed; a reconnect is scheduled. */
        DISCONNECTED,
        /** No quote for the instrument within {@code staleAfter}. */
        STALE,
        /** Quotes flow again after {@link #STALE}. */
        LIVE,
        /** The update id jumped by more than {@code maxUpdateIdGap}. */
        GAP,
        /** Update ids started over lower after a reconnect (venue restart); tracking restarted. */
        SEQUENCE_RESET,
        /** A tick could not be published (Kafka down); best effort, as this record may not get through either. */
        PUBLISH_FAILED,
        /** Ticks are published again; the detail says how many were lost and for how long. */
        PUBLISH_RESUMED
    }

    /** One-line JSON, the value written to the status topic. */
    public String toJson() {
        return "{\"venue\":\"" + escape(venue) + "\",\"instrument\":" + (instrument == null ? "null" : "\"" + escape(instrument) + "\"")
                + ",\"state\":\"" + state + "\",\"detail\":\"" + escape(detail) + "\",\"tsUs\":" + tsUs + "}";
    }

    private static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
