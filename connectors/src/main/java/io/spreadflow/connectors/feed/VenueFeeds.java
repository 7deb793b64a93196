package io.spreadflow.connectors.feed;

import java.util.List;

/** The live feed adapter of each venue. */
public final class VenueFeeds {

    private VenueFeeds() {}

    /**
     * A feed adapter (not started) for {@code venue}'s book ticker of {@code instruments}.
     *
     * @param specs contract multipliers; required for the contract-sized venues' instruments
     * @throws IllegalArgumentException for a venue without a live feed, or a missing multiplier
     */
    public static FeedAdapter create(Venue venue, List<String> instruments, FeedSettings settings, FeedPublisher publisher, ContractSpecs specs) {
        return switch (venue) {
            case BINANCE_SPOT, BINANCE_USDM -> new BinanceFeed(venue, instruments, settings, publisher);
            case GATEIO_SPOT, GATEIO_FUTURES -> new GateioFeed(venue, instruments, settings, publisher, specs);
            case MEXC_SPOT -> new MexcSpotFeed(instruments, settings, publisher);
            case MEXC_FUTURES -> new MexcFuturesFeed(instruments, settings, publisher, specs);
            case OKX_SPOT, OKX_SWAP -> new OkxFeed(venue, OkxFeed.Channel.TICKERS, instruments, settings, publisher, specs);
            case BINANCE_COINM, OKX_FUTURES -> throw new IllegalArgumentException(venue + " has no live feed");
        };
    }
}
