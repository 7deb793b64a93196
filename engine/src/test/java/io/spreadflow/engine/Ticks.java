package io.spreadflow.engine;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;

/** Builds book tickers for tests. */
public final class Ticks {

    public static final String INSTRUMENT = "LUNC-USDT";
    public static final String SPOT = "mexc-spot";
    public static final String SPOT_B = "gateio-spot";
    public static final String FUT = "gateio-futures";

    private Ticks() {}

    public static BookTicker tick(String venue, long tsUs, double bid, double ask) {
        return tick(venue, tsUs, bid, 1_000_000, ask, 1_000_000);
    }

    public static BookTicker tick(String venue, long tsUs, double bid, double bidQty, double ask, double askQty) {
        return BookTicker.newBuilder()
                .setInstrument(INSTRUMENT)
                .setVenue(venue)
                .setMarket(venue.endsWith("futures") ? Market.PERPETUAL : Market.SPOT)
                .setVenueSymbol("LUNC_USDT")
                .setBidPrice(bid)
                .setBidQty(bidQty)
                .setAskPrice(ask)
                .setAskQty(askQty)
                .setReceiveTsUs(tsUs)
                .setExchangeTsUs(null)
                .setUpdateId(null)
                .build();
    }
}
