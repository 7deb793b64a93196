package io.spreadflow.connectors.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a feed adapter connects and watches its connection. {@link #defaults(Venue)} gives each
 * venue's endpoint and heartbeat cadence; tests and deployments override single values.
 *
 * @param endpoint the WebSocket URL (tests point it at a local server)
 * @param heartbeatInterval how often the venue's application-level ping is sent, where it has one
 *     (Gate.io, MEXC, OKX); Binance pings at the protocol level and the client answers
 * @param staleAfter an instrument without a quote for this long is reported stale (status record
 *     and metric) until its next quote
 * @param silentAfter a connection without any frame for this long is dropped and re-established
 * @param reconnectMin first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMax reconnect delay ceiling
 * @param maxUpdateIdGap an update-id jump larger than this is reported as a gap; 0 turns gap
 *     reports off (book-ticker ids of most venues are not contiguous)
 */
public record FeedSettings(URI endpoint, Duration heartbeatInterval, Duration staleAfter, Duration silentAfter,
                           Duration reconnectMin, Duration reconnectMax, long maxUpdateIdGap) {

    public FeedSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(staleAfter, "staleAfter");
        positive(silentAfter, "silentAfter");
        positive(reconnectMin, "reconnectMin");
        positive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) throw new IllegalArgumentException("reconnectMax must be ≥ reconnectMin");
        if (maxUpdateIdGap < 0) throw new IllegalArgumentException("maxUpdateIdGap must be ≥ 0, was " + maxUpdateIdGap);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be above zero, was " + d);
    }

    /**
     * The venue's public endpoint; 15 s heartbeats; stale after the venue's
     * {@linkplain Venue#defaultStaleAfter() default}; silent after 60 s; reconnect 0.5–30 s.
     */
    public static FeedSettings defaults(Venue venue) {
        return new FeedSettings(venue.defaultEndpoint(), Duration.ofSeconds(15), venue.defaultStaleAfter(), Duration.ofSeconds(60),
                Duration.ofMillis(500), Duration.ofSeconds(30), 0);
    }

    public FeedSettings withEndpoint(URI e) {
        return new FeedSettings(e, heartbeatInterval, staleAfter, silentAfter, reconnectMin, reconnectMax, maxUpdateIdGap);
    }

    public FeedSettings withHeartbeatInterval(Duration d) {
        return new FeedSettings(endpoint, d, staleAfter, silentAfter, reconnectMin, reconnectMax, maxUpdateIdGap);
    }

    public FeedSettings withStaleAfter(Duration d) {
        return new FeedSettings(endpoint, heartbeatInterval, d, silentAfter, reconnectMin, reconnectMax, maxUpdateIdGap);
    }

    public FeedSettings withSilentAfter(Duration d) {
        return new FeedSettings(endpoint, heartbeatInterval, staleAfter, d, reconnectMin, reconnectMax, maxUpdateIdGap);
    }

    public FeedSettings withReconnect(Duration min, Duration max) {
        return new FeedSettings(endpoint, heartbeatInterval, staleAfter, silentAfter, min, max, maxUpdateIdGap);
    }

    public FeedSettings withMaxUpdateIdGap(long gap) {
        return new FeedSettings(endpoint, heartbeatInterval, staleAfter, silentAfter, reconnectMin, reconnectMax, gap);
    }
}
