package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * OKX v5 public {@code tickers} ({@code bidPx,bidSz,askPx,askSz,ts} per entry) and {@code bbo-tbt}
 * ({@code bids[0],asks[0]} as {@code [px, sz, 0, orders]}, {@code ts}, {@code seqId}). The market
 * follows from the instrument id: {@code BTC-USDT} spot, {@code BTC-USDT-SWAP} perpetual,
 * {@code BTC-USD-220527} dated future. Swap and future sizes are contracts.
 */
public final class OkxParser implements FrameParser {

    private final ContractSpecs specs;

    public OkxParser(ContractSpecs specs) {
        this.specs = specs;
    }

    @Override
    public ParseResult parseText(String text, long receiveTsUs) {
        if ("pong".equals(text)) return ParseResult.nothing();
        try {
            JsonNode root = FrameParser.readTree(text);
            if (!root.isObject()) throw new MalformedFrame("not a JSON object");
            JsonNode event = root.get("event");
            if (event != null) {
                if ("error".equals(event.asText())) {
                    return ParseResult.rejected("venue error " + root.path("code").asText() + ": " + root.path("msg").asText());
                }
                return ParseResult.nothing(); // subscribe/unsubscribe acks, notices
            }
            JsonNode arg = root.get("arg");
            JsonNode data = root.get("data");
            if (arg == null || data == null) return ParseResult.nothing();
            String channel = arg.path("channel").asText();
            boolean tickers = channel.equals("tickers");
            if (!tickers && !channel.equals("bbo-tbt")) return ParseResult.nothing();
            if (!data.isArray() || data.isEmpty()) throw new MalformedFrame(channel + " push without data entries");
            ParseResult.Builder out = new ParseResult.Builder();
            for (int i = 0; i < data.size(); i++) {
                try {
                    out.add(tickers ? ticker(data.get(i), receiveTsUs) : bbo(arg, data.get(i), receiveTsUs));
                } catch (RuntimeException e) {
                    out.fail(i, e);
                }
            }
            return out.build();
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }

    private Quote ticker(JsonNode d, long receiveTsUs) {
        String instId = QuoteFields.text(d, "instId");
        return quote(instId, QuoteFields.price(d, "bidPx"), QuoteFields.size(d, "bidSz"),
                QuoteFields.price(d, "askPx"), QuoteFields.size(d, "askSz"), receiveTsUs,
                QuoteFields.msToUs(QuoteFields.optionalInteger(d, "ts")), null);
    }

    private Quote bbo(JsonNode arg, JsonNode d, long receiveTsUs) {
        String instId = QuoteFields.text(arg, "instId");
        JsonNode bid = topLevel(d, "bids");
        JsonNode ask = topLevel(d, "asks");
        return quote(instId, QuoteFields.price(QuoteFields.text(bid, 0), "bids[0].px"), QuoteFields.size(QuoteFields.text(bid, 1), "bids[0].sz"),
                QuoteFields.price(QuoteFields.text(ask, 0), "asks[0].px"), QuoteFields.size(QuoteFields.text(ask, 1), "asks[0].sz"), receiveTsUs,
                QuoteFields.msToUs(QuoteFields.optionalInteger(d, "ts")), QuoteFields.optionalInteger(d, "seqId"));
    }

    private static JsonNode topLevel(JsonNode d, String side) {
        JsonNode levels = QuoteFields.require(d, side);
        if (!levels.isArray() || levels.isEmpty()) throw new MalformedFrame(side + " is empty");
        JsonNode top = levels.get(0);
        if (!top.isArray() || top.size() < 2) {
            throw new MalformedFrame(side + "[0] is not [price, size, …]");
        }
        return top;
    }

    private Quote quote(String instId, String bid, String bidQty, String ask, String askQty, long receiveTsUs, Long exchangeTsUs, Long seqId) {
        Venue venue = venueOf(instId);
        String[] parts = instId.toUpperCase(Locale.ROOT).split("-");
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) throw new MalformedFrame("instId is not BASE-QUOTE[-…]: '" + instId + "'");
        if (venue.sizedInContracts()) {
            ContractSpec spec = specs.require(venue, instId);
            bidQty = spec.toBaseUnits(bidQty, bid);
            askQty = spec.toBaseUnits(askQty, ask);
        }
        return new Quote(QuoteFields.instrument(parts[0] + "-" + parts[1]), venue, instId, bid, bidQty, ask, askQty, receiveTsUs, exchangeTsUs, seqId);
    }

    /** The venue an OKX instrument id belongs to. */
    public static Venue venueOf(String instId) {
        String[] parts = instId.split("-");
        if (parts.length == 3 && parts[2].equalsIgnoreCase("SWAP")) return Venue.OKX_SWAP;
        if (parts.length == 3 && parts[2].chars().allMatch(c -> c >= '0' && c <= '9')) return Venue.OKX_FUTURES;
        if (parts.length == 2) return Venue.OKX_SPOT;
        throw new MalformedFrame("unsupported OKX instrument id '" + instId + "'");
    }
}
