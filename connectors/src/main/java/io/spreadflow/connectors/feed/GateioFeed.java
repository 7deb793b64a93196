package io.spreadflow.connectors.feed;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Gate.io v4 spot ({@code spot.book_ticker}) or USDT futures ({@code futures.book_ticker}). The
 * client pings with {@code spot.ping} / {@code futures.ping}; the server answers with a
 * {@code *.pong} frame. Futures sizes are contracts, converted with the contract's
 * {@code quanto_multiplier}.
 */
public final class GateioFeed extends FeedAdapter {

    private final String prefix;

    public GateioFeed(Venue venue, List<String> instruments, FeedSettings settings, FeedPublisher publisher, ContractSpecs specs) {
        super(check(venue), instruments, settings, publisher, specs);
        this.prefix = venue == Venue.GATEIO_SPOT ? "spot" : "futures";
    }

    private static Venue check(Venue v) {
        if (v != Venue.GATEIO_SPOT && v != Venue.GATEIO_FUTURES) throw new IllegalArgumentException("not a Gate.io venue: " + v);
        return v;
    }

    @Override
    protected List<String> subscribeFrames(List<String> venueSymbols) {
        String payload = venueSymbols.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        return List.of("{\"time\":" + nowSeconds() + ",\"channel\":\"" + prefix + ".book_ticker\",\"event\":\"subscribe\",\"payload\":["
                + payload + "]}");
    }

    @Override
    protected String heartbeatFrame() {
        return "{\"time\":" + nowSeconds() + ",\"channel\":\"" + prefix + ".ping\"}";
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000L;
    }
}
