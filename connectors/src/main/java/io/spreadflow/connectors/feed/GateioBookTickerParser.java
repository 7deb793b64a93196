package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gate.io v4 {@code spot.book_ticker} and {@code futures.book_ticker} updates: {@code result} holds
 * {@code t} (ms), {@code u}, {@code s}, {@code b}, {@code B}, {@code a}, {@code A}. Futures sizes are
 * integer contract counts, converted with the contract's {@code quanto_multiplier}. Gate.io sends
 * empty prices ({@code "b":""}) when a side is empty: those are rejected, not read as zero.
 */
public final class GateioBookTickerParser implements FrameParser {

    private final Venue venue;
    private final String channel;
    private final ContractSpecs specs;

    public GateioBookTickerParser(Venue venue, ContractSpecs specs) {
        if (venue != Venue.GATEIO_SPOT && venue != Venue.GATEIO_FUTURES) throw new IllegalArgumentException("not a Gate.io venue: " + venue);
        this.venue = venue;
        this.channel = venue == Venue.GATEIO_SPOT ? "spot.book_ticker" : "futures.book_ticker";
        this.specs = specs;
    }

    /** The book-ticker channel name of this market. */
    public String channel() {
        return channel;
    }

    @Override
    public ParseResult parseText(String text, long receiveTsUs) {
        try {
            JsonNode root = FrameParser.readTree(text);
            if (!root.isObject()) throw new MalformedFrame("not a JSON object");
            JsonNode error = root.get("error");
            if (error != null && !error.isNull()) {
                return ParseResult.rejected("venue error on " + root.path("channel").asText() + " " + root.path("event").asText() + ": " + error);
            }
            if (!channel.equals(root.path("channel").asText()) || !"update".equals(root.path("event").asText())) {
                return ParseResult.nothing(); // pong, subscription ack, other channel
            }
            JsonNode r = root.get("result");
            if (r == null || !r.isObject()) throw new MalformedFrame("book_ticker update without a result object");
            String symbol = QuoteFields.text(r, "s");
            return ParseResult.of(BinanceBookTickerParser.bookTicker(r, venue, symbol, specs, "t", receiveTsUs));
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }
}
