package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parser against seeded, mutated and random frames. Checks that each parser's real seed frames
 * parse to quotes, that benign rewrites of them (fields reordered, whitespace added) parse to the same
 * quotes, and that across all fuzzed frames no result is an "unreadable frame" (an exception the
 * parser did not anticipate) and every accepted quote passes the engine's tick rules, checked here
 * independently: finite prices above zero, bid at most ask, finite sizes not below zero.
 *
 * <p>CI runs 100,000 frames, each through every parser as text and as binary. The benchmark profile
 * runs 1,000,000: {@code mvn -pl connectors -am -Dtest=FrameParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dspreadflow.fuzz.frames=1000000 test}. {@code -Dspreadflow.fuzz.seed=N} replays one run; a failure
 * names its seed and frame.
 */
class FrameParserFuzzTest {

    private static final long RX = 1_700_000_000_000_000L;
    private static final int FRAMES = Integer.getInteger("spreadflow.fuzz.frames", 100_000);
    private static final long SEED = Long.getLong("spreadflow.fuzz.seed", 20261204L);

    /** Specs for the seeds' contract-sized symbols, so mutations get past the multiplier lookup too. */
    private static final ContractSpecs SPECS = ContractSpecs.of(Map.of(
            Venue.GATEIO_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.MEXC_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.OKX_SWAP, Map.of("BTC-USDT-SWAP", ContractSpec.linear("0.01")),
            Venue.BINANCE_COINM, Map.of("BTCUSD_PERP", ContractSpec.inverse("100"))));

    private static final FrameParser BINANCE_ANY = new BinanceBookTickerParser(null, SPECS);
    private static final FrameParser BINANCE_USDM = new BinanceBookTickerParser(Venue.BINANCE_USDM, SPECS);
    private static final FrameParser GATEIO_SPOT = new GateioBookTickerParser(Venue.GATEIO_SPOT, SPECS);
    private static final FrameParser GATEIO_FUTURES = new GateioBookTickerParser(Venue.GATEIO_FUTURES, SPECS);
    private static final FrameParser MEXC_SPOT = new MexcSpotParser();
    private static final FrameParser MEXC_FUTURES = new MexcFuturesParser(SPECS);
    private static final FrameParser OKX = new OkxParser(SPECS);

    private static final List<FrameParser> PARSERS = List.of(BINANCE_ANY, BINANCE_USDM, GATEIO_SPOT, GATEIO_FUTURES, MEXC_SPOT, MEXC_FUTURES, OKX);

    /** A real message (Binance from hftbacktest's recording; the others from the venues' documentation) and its parser. */
    record Seed(String text, FrameParser parser) {}

    private static final List<Seed> SEEDS = List.of(
            new Seed("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}", BINANCE_ANY),
            new Seed("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107839020,\"s\":\"BTCUSDT\",\"b\":\"61800.20\",\"B\":\"2.507\",\"a\":\"61800.30\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}}", BINANCE_USDM),
            new Seed("{\"stream\":\"btcusd_perp@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":17242169,\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"b\":\"61800.2\",\"B\":\"25\",\"a\":\"61800.3\",\"A\":\"30\",\"T\":1723161256313,\"E\":1723161256313}}", BINANCE_ANY),
            new Seed("{\"time\":1606293275,\"time_ms\":1606293275723,\"channel\":\"spot.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":\"19177.79\",\"B\":\"0.0003341504\",\"a\":\"19179.38\",\"A\":\"0.09\"}}", GATEIO_SPOT),
            new Seed("{\"time\":1606293275,\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":\"19177.79\",\"B\":12,\"a\":\"19179.38\",\"A\":9}}", GATEIO_FUTURES),
            new Seed("{\"channel\":\"push.depth.full\",\"data\":{\"asks\":[[6859.5,3251,1]],\"bids\":[[6859.4,179,4]],\"version\":96801927},\"symbol\":\"BTC_USDT\",\"ts\":1587442022003}", MEXC_FUTURES),
            new Seed("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"seqId\":123456}]}", OKX),
            new Seed("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"askPx\":\"8476.98\",\"askSz\":\"1.5\",\"bidPx\":\"8476.97\",\"bidSz\":\"2\",\"ts\":\"1597026383085\"}]}", OKX),
            new Seed("{\"channel\":\"spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT\",\"publicbookticker\":{\"bidprice\":\"93387.28\",\"bidquantity\":\"3.73485\",\"askprice\":\"93387.29\",\"askquantity\":\"7.669875\"},\"symbol\":\"BTCUSDT\",\"sendtime\":1736412092433}", MEXC_SPOT));

    private static final byte[] MEXC_PROTOBUF = ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
            "BTCUSDT", 1736412092433L, "93387.28", "3.73485", "93387.29", "7.669875");

    private static final List<String> TOKENS = List.of("\"\"", "null", "[]", "{}", "-1", "0", "1e999", "1e999999999", "\"1e999999999\"",
            "\"٦٠٠\"", "\"NaN\"", "\"Infinity\"", "\"-0\"", "\"1e-400\"", "9223372036854775808", "\"\\u0000\"", "[[]]", "[[\"1\"]]", "true",
            "\"abc\"", "\"99999999\"", ",", ":", "{", "}", "[", "]", "\"");

    @Test
    void everySeedParsesToAQuote() {
        for (Seed s : SEEDS) {
            ParseResult r = s.parser().parseText(s.text(), RX);
            assertThat(r.problems()).as(s.text()).isEmpty();
            assertThat(r.quotes()).as(s.text()).hasSize(1);
            assertPassesEngineRules(r.quotes().get(0), s.text());
        }
        ParseResult b = MEXC_SPOT.parseBinary(MEXC_PROTOBUF, RX);
        assertThat(b.problems()).isEmpty();
        assertThat(b.quotes()).hasSize(1);
    }

    /** A venue may send its fields in any order and with any JSON whitespace: same quote, no problem. */
    @Test
    void benignRewritesOfASeedParseToTheSameQuote() throws Exception {
        Random random = new Random(SEED);
        for (Seed s : SEEDS) {
            List<Quote> expected = s.parser().parseText(s.text(), RX).quotes();
            JsonNode tree = FrameParser.JSON.readTree(s.text());
            List<String> rewrites = List.of(
                    FrameParser.JSON.writeValueAsString(reordered(tree)),
                    FrameParser.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree),
                    spaced(s.text(), random),
                    " \n" + s.text() + "\t\r\n");
            for (String rewrite : rewrites) {
                ParseResult r = s.parser().parseText(rewrite, RX);
                assertThat(r.problems()).as(rewrite).isEmpty();
                assertThat(r.quotes()).as(rewrite).isEqualTo(expected);
            }
        }
    }

    @Test
    void fuzzedFramesAreReadOrRefusedWithAReason() {
        Random random = new Random(SEED);
        long accepted = 0;
        for (int n = 0; n < FRAMES; n++) {
            byte[] frame = frame(random);
            String text = new String(frame, StandardCharsets.UTF_8);
            for (FrameParser p : PARSERS) {
                accepted += check(p, (t, rx) -> p.parseText(text, rx), text, n);
                accepted += check(p, (t, rx) -> p.parseBinary(frame, rx), text, n);
            }
        }
        // the mutations leave many frames intact enough to read: a parser refusing everything fails here
        assertThat(accepted).as("quotes accepted from %d fuzzed frames", FRAMES).isGreaterThan(FRAMES / 20);
    }

    private static int check(FrameParser p, BiFunction<String, Long, ParseResult> parse, String text, int n) {
        ParseResult r = parse.apply(text, RX);
        String where = "seed " + SEED + ", frame " + n + ", " + p.getClass().getSimpleName() + ": " + text;
        assertThat(r).as(where).isNotNull();
        for (ParseResult.Problem problem : r.problems()) {
            assertThat(problem.reason()).as(where).isNotBlank().doesNotContain("unreadable frame");
        }
        for (Quote q : r.quotes()) assertPassesEngineRules(q, where);
        return r.quotes().size();
    }

    /** The engine's tick rules, restated here rather than borrowed from the code under test. */
    private static void assertPassesEngineRules(Quote q, String where) {
        double bid = Double.parseDouble(q.bidPrice());
        double ask = Double.parseDouble(q.askPrice());
        double bidQty = Double.parseDouble(q.bidQty());
        double askQty = Double.parseDouble(q.askQty());
        assertThat(Double.isFinite(bid) && bid > 0).as("bid %s finite and above zero: %s", q.bidPrice(), where).isTrue();
        assertThat(Double.isFinite(ask) && ask > 0).as("ask %s finite and above zero: %s", q.askPrice(), where).isTrue();
        assertThat(bid <= ask).as("bid %s at most ask %s: %s", q.bidPrice(), q.askPrice(), where).isTrue();
        assertThat(Double.isFinite(bidQty) && bidQty >= 0).as("bid size %s: %s", q.bidQty(), where).isTrue();
        assertThat(Double.isFinite(askQty) && askQty >= 0).as("ask size %s: %s", q.askQty(), where).isTrue();
        assertThat(q.instrument()).as(where).matches("[\\p{L}\\p{N}]+-[\\p{L}\\p{N}]+");
        assertThat(q.receiveTsUs()).isEqualTo(RX);
        if (q.exchangeTsUs() != null) assertThat(q.exchangeTsUs()).as(where).isNotNegative();
        assertThat(q.toBookTicker().getBidPrice()).isEqualTo(bid);
    }

    private static byte[] frame(Random r) {
        int kind = r.nextInt(10);
        if (kind < 2) {
            byte[] b = new byte[r.nextInt(301)];
            r.nextBytes(b);
            return b;
        }
        if (kind < 4) return mutate(MEXC_PROTOBUF, r);
        byte[] seed = SEEDS.get(r.nextInt(SEEDS.size())).text().getBytes(StandardCharsets.UTF_8);
        // a few frames carry two mutations, so a repaired frame rarely hides a second fault
        byte[] once = mutate(seed, r);
        return r.nextInt(4) == 0 ? mutate(once, r) : once;
    }

    /** Truncates, deletes, flips a bit, duplicates a slice, inserts a token, or substitutes a value. */
    private static byte[] mutate(byte[] seed, Random r) {
        int kind = r.nextInt(6);
        int at = r.nextInt(10_000);
        int i = at % Math.max(1, seed.length);
        byte[] t = TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case 0 -> Arrays.copyOf(seed, i);
            case 1 -> concat(Arrays.copyOfRange(seed, 0, i), Arrays.copyOfRange(seed, Math.min(seed.length, i + 1 + at % 7), seed.length));
            case 2 -> {
                byte[] c = seed.clone();
                if (c.length > 0) c[i] = (byte) (c[i] ^ (1 << (at % 8)));
                yield c;
            }
            case 3 -> concat(Arrays.copyOfRange(seed, 0, i), seed);
            case 4 -> concat(concat(Arrays.copyOfRange(seed, 0, i), t), Arrays.copyOfRange(seed, i, seed.length));
            default -> {
                // replace the value after the k-th colon with the token
                int colon = -1;
                for (int k = 0, n = 0; k < seed.length; k++) if (seed[k] == ':' && n++ == at % 12) { colon = k; break; }
                if (colon < 0) yield seed;
                int end = colon + 1;
                while (end < seed.length && seed[end] != ',' && seed[end] != '}') end++;
                yield concat(concat(Arrays.copyOfRange(seed, 0, colon + 1), t), Arrays.copyOfRange(seed, end, seed.length));
            }
        };
    }

    /** The same JSON with every object's fields in reverse order. */
    private static JsonNode reordered(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode out = FrameParser.JSON.createObjectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) fields.add(it.next());
            for (int i = fields.size() - 1; i >= 0; i--) out.set(fields.get(i).getKey(), reordered(fields.get(i).getValue()));
            return out;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = FrameParser.JSON.createArrayNode();
            a.forEach(e -> out.add(reordered(e)));
            return out;
        }
        return n;
    }

    /** Random JSON whitespace after every structural character outside strings. */
    private static String spaced(String json, Random r) {
        StringBuilder b = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            b.append(c);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) inString = !inString;
            if (!inString && (c == '{' || c == '[' || c == ',' || c == ':')) b.append(" \t\n\r".charAt(r.nextInt(4))).append(r.nextBoolean() ? " " : "");
        }
        return b.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
