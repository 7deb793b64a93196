package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * MEXC USDT perpetuals, {@code sub.depth.full} with {@code limit 5}: each {@code push.depth.full}
 * carries the top of book, levels as {@code [price, contracts, orders]}, a {@code version} and the
 * push time {@code ts} (ms). Sizes are contracts, converted with the contract's
 * {@code contractSize}.
 */
public final class MexcFuturesParser implements FrameParser {

    private final ContractSpecs specs;

    public MexcFuturesParser(ContractSpecs specs) {
        this.specs = specs;
    }

    @Override
    public ParseResult parseText(String text, long receiveTsUs) {
        try {
            JsonNode root = FrameParser.readTree(text);
            if (!root.isObject()) throw new MalformedFrame("not a JSON object");
            String channel = root.path("channel").asText();
            if (channel.equals("rs.error")) return ParseResult.rejected("venue error: " + root.path("data"));
            if (!channel.equals("push.depth.full")) return ParseResult.nothing(); // pong, rs.sub.* acks, other pushes
            JsonNode d = root.get("data");
            if (d == null || !d.isObject()) throw new MalformedFrame("push.depth.full without a data object");
            String symbol = QuoteFields.text(root, "symbol");
            JsonNode bid = topLevel(d, "bids");
            JsonNode ask = topLevel(d, "asks");
            String bidPx = QuoteFields.price(QuoteFields.text(bid, 0), "bids[0].price");
            String askPx = QuoteFields.price(QuoteFields.text(ask, 0), "asks[0].price");
            ContractSpec spec = specs.require(Venue.MEXC_FUTURES, symbol);
            String bidQty = spec.toBaseUnits(QuoteFields.size(QuoteFields.text(bid, 1), "bids[0].contracts"), bidPx);
            String askQty = spec.toBaseUnits(QuoteFields.size(QuoteFields.text(ask, 1), "asks[0].contracts"), askPx);
            return ParseResult.of(new Quote(QuoteFields.instrument(symbol), Venue.MEXC_FUTURES, symbol,
                    bidPx, bidQty, askPx, askQty, receiveTsUs,
                    QuoteFields.msToUs(QuoteFields.optionalInteger(root, "ts")), QuoteFields.optionalInteger(d, "version")));
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }

    private static JsonNode topLevel(JsonNode d, String side) {
        JsonNode levels = QuoteFields.require(d, side);
        if (!levels.isArray() || levels.isEmpty()) throw new MalformedFrame(side + " is empty");
        JsonNode top = levels.get(0);
        if (!top.isArray() || top.size() < 2) throw new MalformedFrame(side + "[0] is not [price, contracts, orders]");
        return top;
    }
}
