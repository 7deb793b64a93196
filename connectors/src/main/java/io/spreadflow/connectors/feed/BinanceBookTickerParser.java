package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Binance {@code <symbol>@bookTicker} messages, combined-stream ({@code {"stream":…,"data":{…}}})
 * or raw. Spot carries {@code u,s,b,B,a,A}; USD-M and COIN-M add {@code e,E,T} (ms); COIN-M sizes
 * are contracts ({@code ps} names the pair). Other streams of a combined connection are ignored.
 */
public final class BinanceBookTickerParser implements FrameParser {

    private final Venue venue;
    private final ContractSpecs specs;

    /**
     * @param venue the venue of every message, or null to tell spot, USD-M and COIN-M apart by the
     *     payload (recordings mix nothing, but their files do not always say which market they hold)
     */
    public BinanceBookTickerParser(Venue venue, ContractSpecs specs) {
        this.venue = venue;
        this.specs = specs;
    }

    @Override
    public ParseResult parseText(String text, long receiveTsUs) {
        try {
            JsonNode root = FrameParser.readTree(text);
            if (!root.isObject()) throw new MalformedFrame("not a JSON object");
            JsonNode data = root;
            JsonNode stream = root.get("stream");
            if (stream != null) {
                if (!stream.asText().endsWith("@bookTicker")) return ParseResult.nothing();
                data = root.get("data");
                if (data == null || !data.isObject()) throw new MalformedFrame("bookTicker message without a data object");
            } else if (root.has("result") || root.has("id") && !root.has("s")) {
                return ParseResult.nothing(); // answer to a SUBSCRIBE request
            } else if (root.has("e") && !"bookTicker".equals(root.get("e").asText())) {
                return ParseResult.nothing();
            } else if (root.has("code") && root.has("msg")) {
                return ParseResult.rejected("venue error " + root.get("code") + ": " + root.get("msg").asText());
            } else if (!(root.has("b") || root.has("a") || root.has("B") || root.has("A"))) {
                return ParseResult.nothing(); // not a book ticker, e.g. a depth snapshot the recorder stored inline
            }
            return ParseResult.of(quote(data, receiveTsUs));
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }

    private Quote quote(JsonNode d, long receiveTsUs) {
        String symbol = QuoteFields.text(d, "s");
        return bookTicker(d, venue != null ? venue : venueOf(d, symbol), symbol, specs, "E", receiveTsUs);
    }

    /**
     * The quote of a book ticker in Binance's field names, which Gate.io uses as well: {@code b, B, a, A}
     * and the update id {@code u}; {@code timeMsField} names its exchange time in ms. Contract sizes
     * are converted to base units.
     */
    static Quote bookTicker(JsonNode d, Venue venue, String symbol, ContractSpecs specs, String timeMsField, long receiveTsUs) {
        String bid = QuoteFields.price(d, "b");
        String ask = QuoteFields.price(d, "a");
        String bidQty = QuoteFields.size(d, "B");
        String askQty = QuoteFields.size(d, "A");
        if (venue.sizedInContracts()) {
            ContractSpec spec = specs.require(venue, symbol);
            bidQty = spec.toBaseUnits(bidQty, bid);
            askQty = spec.toBaseUnits(askQty, ask);
        }
        return new Quote(QuoteFields.instrument(symbol), venue, symbol, bid, bidQty, ask, askQty, receiveTsUs,
                QuoteFields.msToUs(QuoteFields.optionalInteger(d, timeMsField)), QuoteFields.optionalInteger(d, "u"));
    }

    private static Venue venueOf(JsonNode d, String symbol) {
        if (d.has("ps") || symbol.endsWith("_PERP")) return Venue.BINANCE_COINM;
        if (d.has("E") || d.has("T") || d.has("e")) return Venue.BINANCE_USDM;
        return Venue.BINANCE_SPOT;
    }
}
