package io.spreadflow.connectors.feed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile numbers in every parser's price field: the frames of issue 11 ({@code 1e999999999} as a JSON
 * number and as a string, Arabic-Indic {@code "٦٠٠"}) and their relatives (NaN, Infinity, zero,
 * negative, over-long, a crossed book). Each is refused quickly with a reason, never accepted and
 * never an {@link Error}; the same frame with a sane price is accepted, so the refusal is the value's.
 */
class HostileNumberTest {

    private static final long RX = 1_700_000_000_000_000L;

    private static final ContractSpecs SPECS = ContractSpecs.of(Map.of(
            Venue.GATEIO_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.MEXC_FUTURES, Map.of("BTC_USDT", ContractSpec.linear("0.0001")),
            Venue.OKX_SWAP, Map.of("BTC-USDT-SWAP", ContractSpec.linear("0.01"))));

    /** One venue frame with its bid price left open, as raw JSON (a number, or a quoted string). */
    record Frame(String name, Function<String, ParseResult> parse) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String SANE = "\"600.5\"";

    private static final List<String> HOSTILE_JSON = List.of(
            "1e999999999", "\"1e999999999\"", "-1e999999999", "1E-999999999", "\"٦٠٠\"", "\"6٠0\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
            "\"0\"", "0", "\"0.000\"", "\"-1\"", "-1", "\"1e-400\"", "\"1e400\"", "\" 600\"", "\"600 \"", "\"0x258\"", "\"6_00\"",
            "\"" + "9".repeat(65) + "\"", "9".repeat(70), "\"1.\"", "\".5\"", "\"\"", "true", "\"99999\"" /* crossed: bid above ask */);

    static Stream<Frame> jsonFrames() {
        return Stream.of(
                new Frame("binance", v -> new BinanceBookTickerParser(Venue.BINANCE_SPOT, SPECS).parseText(
                        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":" + v
                                + ",\"B\":\"3.78826000\",\"a\":\"601.00\",\"A\":\"1.54698000\"}}", RX)),
                new Frame("binance-usdm", v -> new BinanceBookTickerParser(Venue.BINANCE_USDM, SPECS).parseText(
                        "{\"e\":\"bookTicker\",\"u\":5123107839020,\"s\":\"BTCUSDT\",\"b\":" + v
                                + ",\"B\":\"2.507\",\"a\":\"601.00\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}", RX)),
                new Frame("gateio-spot", v -> new GateioBookTickerParser(Venue.GATEIO_SPOT, SPECS).parseText(
                        "{\"time\":1606293275,\"channel\":\"spot.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,"
                                + "\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":" + v + ",\"B\":\"0.0003341504\",\"a\":\"601.00\",\"A\":\"0.09\"}}", RX)),
                new Frame("gateio-futures", v -> new GateioBookTickerParser(Venue.GATEIO_FUTURES, SPECS).parseText(
                        "{\"time\":1606293275,\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,"
                                + "\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":" + v + ",\"B\":12,\"a\":\"601.00\",\"A\":9}}", RX)),
                new Frame("mexc-futures", v -> new MexcFuturesParser(SPECS).parseText(
                        "{\"channel\":\"push.depth.full\",\"data\":{\"asks\":[[601.00,3251,1]],\"bids\":[[" + v
                                + ",179,4]],\"version\":96801927},\"symbol\":\"BTC_USDT\",\"ts\":1587442022003}", RX)),
                new Frame("mexc-spot-json", v -> new MexcSpotParser().parseText(
                        "{\"channel\":\"spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT\",\"publicbookticker\":{\"bidprice\":" + v
                                + ",\"bidquantity\":\"3.73485\",\"askprice\":\"601.00\",\"askquantity\":\"7.669875\"},\"symbol\":\"BTCUSDT\",\"sendtime\":1736412092433}", RX)),
                new Frame("okx-tickers", v -> new OkxParser(SPECS).parseText(
                        "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\","
                                + "\"askPx\":\"601.00\",\"askSz\":\"1.5\",\"bidPx\":" + v + ",\"bidSz\":\"2\",\"ts\":\"1597026383085\"}]}", RX)),
                new Frame("okx-bbo", v -> new OkxParser(SPECS).parseText(
                        "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"601.00\",\"415\",\"0\",\"13\"]],"
                                + "\"bids\":[[" + v + ",\"256\",\"0\",\"12\"]],\"ts\":\"1597026383085\",\"seqId\":123456}]}", RX)));
    }

    static Stream<Arguments> hostileJson() {
        List<Arguments> out = new ArrayList<>();
        jsonFrames().forEach(f -> HOSTILE_JSON.forEach(v -> out.add(Arguments.of(f, v))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} accepts a sane price")
    @MethodSource("jsonFrames")
    void saneFrameIsAccepted(Frame frame) {
        ParseResult r = frame.parse().apply(SANE);
        assertThat(r.problems()).isEmpty();
        assertThat(r.quotes()).singleElement().satisfies(q -> assertThat(q.bidPrice()).isEqualTo("600.5"));
    }

    @ParameterizedTest(name = "{0} refuses bid {1}")
    @MethodSource("hostileJson")
    void hostilePriceIsRefusedWithAReason(Frame frame, String value) {
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> frame.parse().apply(value));
        assertRefused(r);
    }

    /** The MEXC spot binary push carries decimal strings: the same hostile texts, in protobuf. */
    @ParameterizedTest(name = "mexc-spot protobuf refuses bid {0}")
    @MethodSource("hostileStrings")
    void hostileProtobufPriceIsRefused(String value) {
        byte[] frame = ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
                "BTCUSDT", 1736412092433L, value, "3.73485", "601.00", "7.669875");
        assertRefused(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> new MexcSpotParser().parseBinary(frame, RX)));
    }

    static Stream<String> hostileStrings() {
        return HOSTILE_JSON.stream().filter(v -> v.startsWith("\"")).map(v -> v.substring(1, v.length() - 1));
    }

    @Test
    void saneProtobufIsAccepted() {
        byte[] frame = ProtobufWriter.mexcBookTicker("spot@public.aggre.bookTicker.v3.api.pb@100ms@BTCUSDT",
                "BTCUSDT", 1736412092433L, "600.5", "3.73485", "601.00", "7.669875");
        assertThat(new MexcSpotParser().parseBinary(frame, RX).quotes()).singleElement()
                .satisfies(q -> assertThat(q.bidPrice()).isEqualTo("600.5"));
    }

    @Test
    void protobufLengthsAndVarintsAreBounded() {
        // field 315, length-delimited, with a length of 2^62: must not allocate or read past the frame
        byte[] hugeLength = {(byte) 0xDA, 0x13, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        assertRefused(new MexcSpotParser().parseBinary(hugeLength, RX));
        byte[] endlessVarint = new byte[32];
        java.util.Arrays.fill(endlessVarint, (byte) 0xFF);
        assertRefused(new MexcSpotParser().parseBinary(endlessVarint, RX));
        byte[] sane = ProtobufWriter.mexcBookTicker("c", "BTCUSDT", 1L, "600.5", "1", "601", "1");
        assertRefused(new MexcSpotParser().parseBinary(java.util.Arrays.copyOf(sane, sane.length - 3), RX));
    }

    @Test
    void hostileSizesAndIdsAreRefused() {
        GateioBookTickerParser futures = new GateioBookTickerParser(Venue.GATEIO_FUTURES, SPECS);
        for (String size : List.of("1e999999999", "\"1e999999999\"", "\"٦٠٠\"", "\"NaN\"", "-1", "\"Infinity\"")) {
            assertRefused(futures.parseText("{\"channel\":\"futures.book_ticker\",\"event\":\"update\",\"result\":{\"t\":1606293275123,"
                    + "\"u\":48733182,\"s\":\"BTC_USDT\",\"b\":\"600\",\"B\":" + size + ",\"a\":\"601.00\",\"A\":9}}", RX));
        }
        // Long.parseLong reads Arabic-Indic digits as well; ids and times must be ASCII
        assertRefused(new OkxParser(SPECS).parseText("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                + "\"askPx\":\"601\",\"askSz\":\"1.5\",\"bidPx\":\"600\",\"bidSz\":\"2\",\"ts\":\"١٥٩٧٠٢٦٣٨٣٠٨٥\"}]}", RX));
        assertRefused(new BinanceBookTickerParser(Venue.BINANCE_SPOT, SPECS).parseText(
                "{\"u\":\"٥٠\",\"s\":\"BTCUSDT\",\"b\":\"600\",\"B\":\"1\",\"a\":\"601\",\"A\":\"1\"}", RX));
    }

    @Test
    void hostileContractMultipliersAreRefused() {
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> org.assertj.core.api.Assertions.catchThrowable(
                () -> new ContractSpec(new BigDecimal("1e999999999"), false)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractSpec.linear("1e999999999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractSpec.inverse("٦٠٠")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractSpec.linear("NaN")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ContractSpec.linear("0.0001").toBaseUnits("12", "600")).isEqualTo("0.0012");
    }

    private static void assertRefused(ParseResult r) {
        assertThat(r.quotes()).as("accepted quotes").isEmpty();
        assertThat(r.problems()).as("problems").isNotEmpty();
        for (ParseResult.Problem p : r.problems()) {
            assertThat(p.reason()).isNotBlank().doesNotContain("unreadable frame").hasSizeLessThan(300);
        }
    }
}
