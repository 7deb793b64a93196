package io.spreadflow.connectors.feed;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parser takes any frame, random or a mutated real message, without throwing: what it cannot
 * read comes back as a problem with a reason. 100,000 frames, each through every parser.
 */
class FrameParserFuzzTest {

    /** Real messages (Binance from hftbacktest's recording; the others from the venues' documentation). */
    private static final List<String> SEEDS = List.of(
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}",
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107839020,\"s\":\"BTCUSDT\",\"b\":\"61800.20\",\"B\":\"2.507\",\"a\":\"61800.30\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}}",
            "{\"time\":1606293275,\"time_ms\":1606293275723,\"channel\":\"spot.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":\"19177.79\",\"B\":\"0.0003341504\",\"a\":\"19179.38\",\"A\":\"0.09\"}}",
            "{\"time\":1606293275,\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":\"19177.79\",\"B\":12,\"a\":\"19179.38\",\"A\":9}}",
            "{\"channel\":\"push.depth.full\",\"data\":{\"asks\":[[6859.5,3251,1]],\"bids\":[[6859.4,179,4]],\"version\":96801927},\"symbol\":\"BTC_USDT\",\"ts\":1587442022003}",
            "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"seqId\":123456}]}",
            "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"askPx\":\"8476.98\",\"askSz\":\"1.5\",\"bidPx\":\"8476.97\",\"bidSz\":\"2\",\"ts\":\"1597026383085\"}]}",
            "{\"channel\":\"spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT\",\"publicbookticker\":{\"bidprice\":\"93387.28\",\"bidquantity\":\"3.73485\",\"askprice\":\"93387.29\",\"askquantity\":\"7.669875\"},\"symbol\":\"BTCUSDT\",\"sendtime\":1736412092433}");

    private static final byte[] MEXC_PROTOBUF = ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
            "BTCUSDT", 1736412092433L, "93387.28", "3.73485", "93387.29", "7.669875");

    /** Specs for the seeds' contract-sized symbols, so mutations get past the multiplier lookup too. */
    private static final ContractSpecs SPECS = ContractSpecs.of(Map.of(
            Venue.GATEIO_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.MEXC_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.OKX_SWAP, Map.of("BTC-USDT-SWAP", ContractSpec.linear("0.01")),
            Venue.BINANCE_COINM, Map.of("BTCUSD_PERP", ContractSpec.inverse("100"))));

    private static final List<FrameParser> PARSERS = List.of(
            new BinanceBookTickerParser(null, SPECS), new BinanceBookTickerParser(Venue.BINANCE_USDM, SPECS),
            new GateioBookTickerParser(Venue.GATEIO_SPOT, SPECS), new GateioBookTickerParser(Venue.GATEIO_FUTURES, SPECS),
            new MexcSpotParser(), new MexcFuturesParser(SPECS), new OkxParser(SPECS));

    private static final List<String> TOKENS = List.of("\"\"", "null", "[]", "{}", "-1", "0", "1e999", "\"NaN\"", "\"-0\"", "\"1e-400\"",
            "9223372036854775808", "\"\\u0000\"", "[[]]", "[[\"1\"]]", "true", "\"abc\"", ",", ":", "{", "}", "[", "]", "\"");

    @Property(tries = 100_000)
    void parsersNeverThrow(@ForAll("frames") byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        for (FrameParser p : PARSERS) {
            ParseResult r = p.parseText(text, 1_700_000_000_000_000L);
            assertThat(r).isNotNull();
            for (Quote q : r.quotes()) assertThat(q.toBookTicker()).isNotNull(); // every accepted quote converts
            ParseResult b = p.parseBinary(frame, 1_700_000_000_000_000L);
            assertThat(b).isNotNull();
            for (Quote q : b.quotes()) assertThat(q.toBookTicker()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutatedJson = Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 10_000), Arbitraries.of(TOKENS))
                .as((seed, kind, at, token) -> mutate(seed.getBytes(StandardCharsets.UTF_8), kind, at, token));
        Arbitrary<byte[]> mutatedProtobuf = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(TOKENS)).as((kind, at, token) -> mutate(MEXC_PROTOBUF, kind, at, token));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, random),
                net.jqwik.api.Tuple.of(6, mutatedJson),
                net.jqwik.api.Tuple.of(2, mutatedProtobuf));
    }

    /** Truncates, deletes, flips a byte, duplicates a slice, or inserts or substitutes a JSON token. */
    private static byte[] mutate(byte[] seed, int kind, int at, String token) {
        int i = at % Math.max(1, seed.length);
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case 0 -> java.util.Arrays.copyOf(seed, i);
            case 1 -> concat(java.util.Arrays.copyOfRange(seed, 0, i), java.util.Arrays.copyOfRange(seed, Math.min(seed.length, i + 1 + at % 7), seed.length));
            case 2 -> {
                byte[] c = seed.clone();
                if (c.length > 0) c[i] = (byte) (c[i] ^ (1 << (at % 8)));
                yield c;
            }
            case 3 -> concat(java.util.Arrays.copyOfRange(seed, 0, i), seed);
            case 4 -> concat(concat(java.util.Arrays.copyOfRange(seed, 0, i), t), java.util.Arrays.copyOfRange(seed, i, seed.length));
            default -> {
                // replace the value after the i-th colon with the token
                int colon = -1;
                for (int k = 0, n = 0; k < seed.length; k++) if (seed[k] == ':' && n++ == at % 12) { colon = k; break; }
                if (colon < 0) yield seed;
                int end = colon + 1;
                while (end < seed.length && seed[end] != ',' && seed[end] != '}') end++;
                yield concat(concat(java.util.Arrays.copyOfRange(seed, 0, colon + 1), t), java.util.Arrays.copyOfRange(seed, end, seed.length));
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
