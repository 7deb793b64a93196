package io.spreadflow.connectors.feed;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * OKX v5 public {@code tickers} (default) or {@code bbo-tbt} for spot or perpetual swaps. OKX
 * closes a connection without traffic for 30 s: the client sends the text {@code ping} and the
 * server answers {@code pong}. Swap sizes are contracts ({@code ctVal × ctMult}).
 */
public final class OkxFeed extends FeedAdapter {

    /** The OKX channel to read best bid/ask from. */
    public enum Channel {
        /** Best bid/ask with the 24 h ticker, pushed on change (at most every 100 ms). */
        TICKERS("tickers"),
        /** Tick-by-tick best bid/ask with a sequence id. */
        BBO_TBT("bbo-tbt");

        private final String name;

        Channel(String name) {
            this.name = name;
        }

        public String channelName() {
            return name;
        }
    }

    private final Channel channel;

    public OkxFeed(Venue venue, Channel channel, List<String> instruments, FeedSettings settings, FeedPublisher publisher, ContractSpecs specs) {
        super(check(venue), instruments, settings, publisher, specs);
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    private static Venue check(Venue v) {
        if (v != Venue.OKX_SPOT && v != Venue.OKX_SWAP) throw new IllegalArgumentException("not an OKX spot or swap venue: " + v);
        return v;
    }

    @Override
    protected List<String> subscribeFrames(List<String> venueSymbols) {
        String args = venueSymbols.stream()
                .map(s -> "{\"channel\":\"" + channel.channelName() + "\",\"instId\":\"" + s + "\"}")
                .collect(Collectors.joining(","));
        return List.of("{\"op\":\"subscribe\",\"args\":[" + args + "]}");
    }

    @Override
    protected String heartbeatFrame() {
        return "ping";
    }
}
