package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Turns one venue's WebSocket frames into {@link Quote}s. The same parser serves the live feed and
 * the conversion of recordings. Implementations never throw: whatever cannot be read comes back as
 * a problem with a reason.
 */
public interface FrameParser {

    /** Parses a text frame received at {@code receiveTsUs} (epoch µs). */
    ParseResult parseText(String text, long receiveTsUs);

    /** Parses a binary frame; venues that send only text reject it. */
    default ParseResult parseBinary(byte[] frame, long receiveTsUs) {
        return ParseResult.rejected("unexpected binary frame of " + frame.length + " bytes");
    }

    /** The parser of a venue's book-ticker frames; contract-sized venues convert sizes with {@code specs}. */
    static FrameParser forVenue(Venue venue, ContractSpecs specs) {
        return switch (venue) {
            case BINANCE_SPOT, BINANCE_USDM, BINANCE_COINM -> new BinanceBookTickerParser(venue, specs);
            case GATEIO_SPOT, GATEIO_FUTURES -> new GateioBookTickerParser(venue, specs);
            case MEXC_SPOT -> new MexcSpotParser();
            case MEXC_FUTURES -> new MexcFuturesParser(specs);
            case OKX_SPOT, OKX_SWAP, OKX_FUTURES -> new OkxParser(specs);
        };
    }

    /** Shared JSON reader: numbers keep their decimal digits, so sizes sent as numbers stay exact. */
    ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    // numbers and nesting are capped while reading, before any conversion
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(DecimalText.MAX_LENGTH).maxNestingDepth(64).build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The JSON tree of a frame, or a {@link MalformedFrame}. */
    static JsonNode readTree(String text) {
        if (text == null || text.isBlank()) throw new MalformedFrame("empty frame");
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.isMissingNode()) throw new MalformedFrame("empty frame");
            return n;
        } catch (JsonProcessingException e) {
            throw new MalformedFrame("not JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            // Jackson reads a number with an exponent beyond an int (1e99999999999) this way
            throw new MalformedFrame("not JSON: a number is out of range");
        }
    }
}
