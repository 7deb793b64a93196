package io.spreadflow.connectors.feed;

import java.util.List;

/**
 * MEXC USDT perpetuals: the top of book from {@code sub.depth.full} with {@code limit 5} (MEXC's
 * contract API has no book-ticker channel with sizes). The client pings with
 * {@code {"method":"ping"}} (the server drops connections without one for a minute) and the server
 * answers on channel {@code pong}. Sizes are contracts, converted with the contract's
 * {@code contractSize}.
 */
public final class MexcFuturesFeed extends FeedAdapter {

    public MexcFuturesFeed(List<String> instruments, FeedSettings settings, FeedPublisher publisher, ContractSpecs specs) {
        super(Venue.MEXC_FUTURES, instruments, settings, publisher, specs);
    }

    @Override
    protected List<String> subscribeFrames(List<String> venueSymbols) {
        return venueSymbols.stream()
                .map(s -> "{\"method\":\"sub.depth.full\",\"param\":{\"symbol\":\"" + s + "\",\"limit\":5}}")
                .toList();
    }

    @Override
    protected String heartbeatFrame() {
        return "{\"method\":\"ping\"}";
    }
}
