package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * MEXC spot v3 book ticker ({@code spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT}). Market
 * data arrives as binary protobuf {@code PushDataV3ApiWrapper}: field 1 channel, 3 symbol, 6
 * sendTime (ms), and the body {@code publicAggreBookTicker} (field 315; the older
 * {@code publicBookTicker}, field 305, has the same layout) with 1 bidPrice, 2 bidQuantity,
 * 3 askPrice, 4 askQuantity as decimal strings. Text frames are JSON: subscription answers and
 * {@code PONG}, and the JSON rendering of the same push that the documentation shows.
 */
public final class MexcSpotParser implements FrameParser {

    static final int WRAPPER_CHANNEL = 1;
    static final int WRAPPER_SYMBOL = 3;
    static final int WRAPPER_SEND_TIME = 6;
    static final int BODY_BOOK_TICKER = 305;
    static final int BODY_AGGRE_BOOK_TICKER = 315;

    @Override
    public ParseResult parseBinary(byte[] frame, long receiveTsUs) {
        try {
            if (frame.length == 0) throw new MalformedFrame("empty frame");
            ProtobufReader r = new ProtobufReader(frame);
            String symbol = null;
            Long sendTime = null;
            String[] book = null;
            while (r.next()) {
                switch (r.fieldNumber()) {
                    case WRAPPER_SYMBOL -> symbol = r.string();
                    case WRAPPER_SEND_TIME -> {
                        r.expect(ProtobufReader.VARINT);
                        sendTime = r.varint();
                    }
                    case BODY_AGGRE_BOOK_TICKER, BODY_BOOK_TICKER -> book = bookTicker(r.message());
                    default -> r.skip();
                }
            }
            if (book == null) return ParseResult.nothing(); // another channel's push
            if (symbol == null || symbol.isEmpty()) throw new MalformedFrame("book ticker push without a symbol");
            return ParseResult.of(quote(symbol, book, sendTime, receiveTsUs));
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }

    private static String[] bookTicker(ProtobufReader r) {
        String[] f = new String[5];
        while (r.next()) {
            int n = r.fieldNumber();
            if (n >= 1 && n <= 5 && r.wireType() == ProtobufReader.LENGTH_DELIMITED) f[n - 1] = r.string();
            else r.skip();
        }
        return f;
    }

    private static Quote quote(String symbol, String[] f, Long sendTimeMs, long receiveTsUs) {
        String bid = QuoteFields.price(f[0], "bidPrice");
        String bidQty = QuoteFields.size(f[1], "bidQuantity");
        String ask = QuoteFields.price(f[2], "askPrice");
        String askQty = QuoteFields.size(f[3], "askQuantity");
        Long version = null;
        if (f[4] != null && !f[4].isEmpty()) {
            version = DecimalText.integer(f[4], "version");
        }
        return new Quote(QuoteFields.instrument(symbol), Venue.MEXC_SPOT, symbol, bid, bidQty, ask, askQty, receiveTsUs, QuoteFields.msToUs(sendTimeMs), version);
    }

    @Override
    public ParseResult parseText(String text, long receiveTsUs) {
        try {
            JsonNode root = FrameParser.readTree(text);
            if (!root.isObject()) throw new MalformedFrame("not a JSON object");
            JsonNode book = root.has("publicbookticker") ? root.get("publicbookticker") : root.get("publicAggreBookTicker");
            if (book != null) {
                String[] f = {
                    field(book, "bidprice", "bidPrice"), field(book, "bidquantity", "bidQuantity"),
                    field(book, "askprice", "askPrice"), field(book, "askquantity", "askQuantity"), null};
                Long sendTime = root.has("sendtime") ? QuoteFields.optionalInteger(root, "sendtime") : QuoteFields.optionalInteger(root, "sendTime");
                return ParseResult.of(quote(QuoteFields.text(root, "symbol"), f, sendTime, receiveTsUs));
            }
            JsonNode code = root.get("code");
            String msg = root.path("msg").asText();
            if (code != null && code.asInt(-1) != 0 || msg.startsWith("Not Subscribed")) {
                return ParseResult.rejected("venue error " + code + ": " + msg);
            }
            return ParseResult.nothing(); // PONG, subscription ack
        } catch (RuntimeException e) {
            return ParseResult.failure(e);
        }
    }

    private static String field(JsonNode book, String lower, String camel) {
        return book.has(lower) ? QuoteFields.text(book, lower) : QuoteFields.text(book, camel);
    }
}
