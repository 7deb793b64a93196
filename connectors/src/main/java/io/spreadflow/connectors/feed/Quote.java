package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.BookTicker;

/**
 * One parsed best bid/ask, before it becomes a {@link BookTicker}. Prices and sizes are kept as the
 * decimal strings the venue sent (sizes already in base units), so a recording can be converted to
 * CSV without re-formatting a double.
 *
 * @param instrument canonical {@code BASE-QUOTE}
 * @param venue the venue name on the {@code ticks} topic
 * @param venueSymbol the symbol as the venue spells it
 * @param receiveTsUs local receive time, epoch µs
 * @param exchangeTsUs venue time, epoch µs, or null when the venue sends none
 * @param updateId the venue's book update id, or null
 */
public record Quote(String instrument, Venue venue, String venueSymbol,
                    String bidPrice, String bidQty, String askPrice, String askQty,
                    long receiveTsUs, Long exchangeTsUs, Long updateId) {

    /**
     * Refuses what the engine would refuse, so a bad quote is a dead letter at the feed with its raw
     * frame: prices finite and above zero, bid at most ask, sizes finite and not negative (as the
     * doubles the {@code ticks} record carries).
     *
     * @throws MalformedFrame naming the rule; numbers must be checked decimal text already
     */
    public Quote {
        double bid = Double.parseDouble(bidPrice);
        double ask = Double.parseDouble(askPrice);
        double bidSize = Double.parseDouble(bidQty);
        double askSize = Double.parseDouble(askQty);
        if (!(bid > 0) || !(ask > 0) || !Double.isFinite(bid) || !Double.isFinite(ask)) {
            throw new MalformedFrame("prices must be finite and above zero, were bid " + bidPrice + " ask " + askPrice);
        }
        if (bid > ask) throw new MalformedFrame("crossed book: bid " + bidPrice + " above ask " + askPrice);
        if (!(bidSize >= 0) || !(askSize >= 0) || !Double.isFinite(bidSize) || !Double.isFinite(askSize)) {
            throw new MalformedFrame("sizes must be finite and not negative, were " + bidQty + " and " + askQty);
        }
    }

    /** The Avro record published to {@code ticks}. */
    public BookTicker toBookTicker() {
        return BookTicker.newBuilder()
                .setInstrument(instrument)
                .setVenue(venue.id())
                .setMarket(venue.market())
                .setVenueSymbol(venueSymbol)
                .setBidPrice(Double.parseDouble(bidPrice))
                .setBidQty(Double.parseDouble(bidQty))
                .setAskPrice(Double.parseDouble(askPrice))
                .setAskQty(Double.parseDouble(askQty))
                .setReceiveTsUs(receiveTsUs)
                .setExchangeTsUs(exchangeTsUs)
                .setUpdateId(updateId)
                .build();
    }
}
