package io.spreadflow.connectors.feed;

import java.util.List;
import java.util.stream.Collectors;

/**
 * MEXC spot v3 book ticker ({@code spot@public.aggre.bookTicker.v3.api.pb@100ms@<SYMBOL>}), pushed
 * as binary protobuf. The client sends {@code {"method":"PING"}}; the server answers
 * {@code PONG} and closes connections without a subscription or data for a minute. One connection
 * carries at most 30 subscriptions.
 */
public final class MexcSpotFeed extends FeedAdapter {

    /** MEXC's limit of subscriptions per connection. */
    public static final int MAX_SUBSCRIPTIONS = 30;

    public MexcSpotFeed(List<String> instruments, FeedSettings settings, FeedPublisher publisher) {
        super(Venue.MEXC_SPOT, check(instruments), settings, publisher, ContractSpecs.none());
    }

    private static List<String> check(List<String> instruments) {
        if (instruments.size() > MAX_SUBSCRIPTIONS) {
            throw new IllegalArgumentException("mexc-spot allows " + MAX_SUBSCRIPTIONS + " subscriptions per connection, asked for " + instruments.size());
        }
        return instruments;
    }

    @Override
    protected List<String> subscribeFrames(List<String> venueSymbols) {
        String params = venueSymbols.stream().map(s -> "\"spot@public.aggre.bookTicker.v3.api.pb@100ms@" + s + "\"")
                .collect(Collectors.joining(","));
        return List.of("{\"method\":\"SUBSCRIPTION\",\"params\":[" + params + "]}");
    }

    @Override
    protected String heartbeatFrame() {
        return "{\"method\":\"PING\"}";
    }
}
