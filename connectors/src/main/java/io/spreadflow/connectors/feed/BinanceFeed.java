package io.spreadflow.connectors.feed;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Binance spot or USD-M futures {@code <symbol>@bookTicker} over the combined-stream endpoint
 * ({@code /stream}), subscribed with a {@code SUBSCRIBE} request. Binance pings at the WebSocket
 * protocol level (spot every 20 s, futures every 3 min) and drops clients that do not answer; the
 * client answers every ping with a pong, so no application heartbeat is needed.
 */
public final class BinanceFeed extends FeedAdapter {

    public BinanceFeed(Venue venue, List<String> instruments, FeedSettings settings, FeedPublisher publisher) {
        super(check(venue), instruments, settings, publisher, ContractSpecs.none());
    }

    private static Venue check(Venue v) {
        if (v != Venue.BINANCE_SPOT && v != Venue.BINANCE_USDM) throw new IllegalArgumentException("not a Binance spot or USD-M venue: " + v);
        return v;
    }

    @Override
    protected List<String> subscribeFrames(List<String> venueSymbols) {
        String params = venueSymbols.stream().map(s -> "\"" + s.toLowerCase(Locale.ROOT) + "@bookTicker\"").collect(Collectors.joining(","));
        return List.of("{\"method\":\"SUBSCRIBE\",\"params\":[" + params + "],\"id\":1}");
    }
}
