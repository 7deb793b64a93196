package io.spreadflow.connectors.convert;

import io.spreadflow.connectors.feed.ContractSpecs;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingConverterTest {

    private static final Pattern BOOK_TICKER_STREAM = Pattern.compile("\"stream\":\"[a-z0-9_]+@bookTicker\"");

    @TempDir
    Path tmp;

    /** The raw lines of a Binance recording whose stream is a bookTicker, in file order. */
    /** Lines the recorder cut off (the last line of a file is often incomplete JSON). */
    private static long truncatedLines(Path raw) throws IOException {
        try (BufferedReader r = open(raw)) {
            return r.lines().filter(l -> !l.isBlank() && !l.endsWith("}")).count();
        }
    }

    private static List<String> bookTickerLines(Path raw) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = open(raw)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (BOOK_TICKER_STREAM.matcher(line).find()) out.add(line);
            }
        }
        return out;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) in = new GZIPInputStream(in);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(TickFileReader.CANONICAL_HEADER);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as("field %s in %s", name, json).isTrue();
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binance/raw/spot/btcusdt_20240808.gz, binance-spot, 1000, 28040",
        "binance/raw/usdm/btcusdt_20240808.gz, binance-usdm, 1000, 66089",
        "binance/raw/spot/ethusdt_20240808.gz, binance-spot, 1000, 24077",
        "binance/raw/usdm/ethusdt_20240808.gz, binance-usdm, 1000, 53992",
        "binance/raw/spot/btcusdt_20230405.dat.gz, binance-spot, 1, 8015",
        "binance/raw/usdm/btcusdt_20230405.dat.gz, binance-usdm, 1, 37440",
    })
    void binanceRecordingGivesOneVerbatimRowPerBookTickerMessage(String rel, String venue, long unitPerUs, long documented) throws IOException {
        Path raw = RealData.require("data/" + rel);
        List<String> expected = bookTickerLines(raw);
        Path out = tmp.resolve("out.csv");

        RecordingConverter.Summary s = RecordingConverter.convert(RawSessionFormat.BINANCE_WS, raw, out, ContractSpecs.none(), null);

        assertThat(expected).hasSize((int) documented); // cross-check of data/binance/SOURCES.md
        assertThat(s.rows()).isEqualTo(expected.size());
        // a cut-off line cannot be read as any stream: it is dead-lettered, not dropped
        assertThat(s.rejected()).isEqualTo(truncatedLines(raw));
        if (s.rejected() > 0) {
            assertThat(Files.readAllLines(s.rejects()).subList(1, (int) s.rejected() + 1)).allSatisfy(l -> assertThat(l).contains("not JSON"));
        }
        List<String[]> rows = rows(out);
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            String line = expected.get(i);
            String[] row = rows.get(i);
            long localTs = Long.parseLong(line.substring(0, line.indexOf(' ')));
            assertThat(Long.parseLong(row[0])).as("receive µs, row %d", i).isEqualTo(localTs / unitPerUs);
            assertThat(row[1]).isEqualTo(venue);
            assertThat(row[2]).isEqualTo(field(line, "s"));
            assertThat(row[3]).isEqualTo(field(line, "b"));
            assertThat(row[4]).isEqualTo(field(line, "B"));
            assertThat(row[5]).isEqualTo(field(line, "a"));
            assertThat(row[6]).isEqualTo(field(line, "A"));
        }
    }

    @Test
    void coinMarginedSizesAreConvertedFromUsdContracts() throws IOException {
        Path raw = RealData.require("data/binance/raw/cm/btcusd_perp_20240808.gz");
        Path specs = tmp.resolve("specs.csv");
        Files.writeString(specs, "venue,symbol,multiplier,kind\nbinance-coinm,BTCUSD_PERP,100,inverse\n");
        List<String> expected = bookTickerLines(raw);
        Path out = tmp.resolve("cm.csv");

        RecordingConverter.convert(RawSessionFormat.BINANCE_WS, raw, out, ContractSpecs.load(specs), null);

        List<String[]> rows = rows(out);
        assertThat(rows).hasSize(expected.size());
        String first = expected.get(0);
        BigDecimal contracts = new BigDecimal(field(first, "B"));
        BigDecimal bid = new BigDecimal(field(first, "b"));
        assertThat(new BigDecimal(rows.get(0)[4]).doubleValue())
                .isCloseTo(contracts.multiply(BigDecimal.valueOf(100)).doubleValue() / bid.doubleValue(), org.assertj.core.data.Percentage.withPercentage(1e-9));
    }

    @Test
    void contractSizedRecordingWithoutSpecsIsAClearError() {
        Path raw = RealData.require("data/payloads/GATEIO_FUTURES.ws.1.0");
        assertThatThrownBy(() -> RecordingConverter.convert(RawSessionFormat.CRYPTOFEED, raw, tmp.resolve("g.csv"), ContractSpecs.none(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateio-futures")
                .hasMessageContaining("PHB_USDT")
                .hasMessageContaining("GATEIO_FUTURES.ws.1.0:");
    }

    private static long countLines(Path file, String... mustContain) throws IOException {
        long n = 0;
        try (BufferedReader r = open(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains(" <- ")) continue; // frames the recorder sent
                boolean all = true;
                for (String s : mustContain) all &= line.contains(s);
                if (all) n++;
            }
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "BINANCE.ws.1.0, 84",
        "BINANCE_FUTURES.ws.1.0, 613",
    })
    void cryptofeedBinanceSessionGivesOneRowPerBookTicker(String file, long documented) throws IOException {
        Path raw = RealData.require("data/payloads/" + file);
        long expected = countLines(raw, "@bookTicker\",\"data\"");
        Path out = tmp.resolve("b.csv");

        RecordingConverter.Summary s = RecordingConverter.convert(RawSessionFormat.CRYPTOFEED, raw, out, ContractSpecs.none(), null);

        assertThat(expected).isEqualTo(documented);
        assertThat(s.rows()).isEqualTo(expected);
        List<String[]> rows = rows(out);
        assertThat(rows).hasSize((int) expected);
        assertThat(rows).allSatisfy(r -> assertThat(r[1]).isEqualTo(file.startsWith("BINANCE_FUTURES") ? "binance-usdm" : "binance-spot"));
        // receive time comes from the recorder's float seconds, in µs
        String firstData = Files.readAllLines(raw).stream().filter(l -> l.contains("@bookTicker\",\"data\"") && !l.contains(" <- ")).findFirst().orElseThrow();
        long us = new BigDecimal(firstData.substring(0, firstData.indexOf(": "))).movePointRight(6).longValue();
        assertThat(Long.parseLong(rows.get(0)[0])).isEqualTo(us);
        assertThat(rows.get(0)[3]).isEqualTo(field(firstData, "b"));
    }

    @Test
    void cryptofeedGateioFuturesSizesAreConvertedWithTheSpecsFile() throws IOException {
        Path raw = RealData.require("data/payloads/GATEIO_FUTURES.ws.1.0");
        Path specs = tmp.resolve("gate-specs.csv");
        Files.writeString(specs, """
                venue,symbol,multiplier,kind
                # test multipliers, one per contract of the session
                gateio-futures,PHB_USDT,1,linear
                gateio-futures,RDNT_USDT,10,linear
                gateio-futures,WOO_USDT,10,linear
                gateio-futures,DIA_USDT,0.1,linear
                gateio-futures,LIT_USDT,0.01,linear
                """);
        List<String> updates = Files.readAllLines(raw).stream()
                .filter(l -> !l.contains(" <- ") && l.contains("\"channel\":\"futures.book_ticker\",\"event\":\"update\"")).toList();
        Path out = tmp.resolve("g.csv");

        RecordingConverter.Summary s = RecordingConverter.convert(RawSessionFormat.CRYPTOFEED, raw, out, ContractSpecs.load(specs), null);

        assertThat(updates).hasSize(75);
        assertThat(s.rows()).isEqualTo(updates.size());
        List<String[]> rows = rows(out);
        java.util.Map<String, BigDecimal> mult = java.util.Map.of("PHB_USDT", BigDecimal.ONE, "RDNT_USDT", BigDecimal.TEN,
                "WOO_USDT", BigDecimal.TEN, "DIA_USDT", new BigDecimal("0.1"), "LIT_USDT", new BigDecimal("0.01"));
        for (int i = 0; i < rows.size(); i++) {
            String line = updates.get(i);
            String sym = field(line, "s");
            Matcher sizes = Pattern.compile("\"B\":(\\d+),\"a\":\"[^\"]*\",\"A\":(\\d+)").matcher(line);
            assertThat(sizes.find()).isTrue();
            assertThat(rows.get(i)[1]).isEqualTo("gateio-futures");
            assertThat(rows.get(i)[2]).isEqualTo(sym);
            assertThat(rows.get(i)[3]).isEqualTo(field(line, "b"));
            assertThat(new BigDecimal(rows.get(i)[4])).isEqualByComparingTo(new BigDecimal(sizes.group(1)).multiply(mult.get(sym)));
            assertThat(new BigDecimal(rows.get(i)[6])).isEqualByComparingTo(new BigDecimal(sizes.group(2)).multiply(mult.get(sym)));
        }
    }

    @Test
    void cryptofeedOkxTickersGiveOneRowPerTickerEntry() throws IOException {
        Path raw = RealData.require("data/payloads/OKX.ws.1.0");
        Path specs = tmp.resolve("okx-specs.csv");
        Files.writeString(specs, """
                venue,symbol,multiplier,kind
                okx-futures,BTC-USD-220527,100,inverse
                okx-swap,UNI-USD-SWAP,10,inverse
                """);
        long expected = countLines(raw, "\"arg\":{\"channel\":\"tickers\"", "\"data\":[");
        Path out = tmp.resolve("o.csv");

        RecordingConverter.Summary s = RecordingConverter.convert(RawSessionFormat.CRYPTOFEED, raw, out, ContractSpecs.load(specs), null);

        assertThat(expected).isEqualTo(28);
        assertThat(s.rows()).isEqualTo(expected);
        List<String[]> rows = rows(out);
        assertThat(rows).extracting(r -> r[1]).containsOnly("okx-spot", "okx-swap", "okx-futures");
        String[] spot = rows.stream().filter(r -> r[1].equals("okx-spot")).findFirst().orElseThrow();
        assertThat(spot[2]).isEqualTo("BTC-USDT");
        assertThat(spot).containsSubsequence("30228.6", "0.23393", "30228.7", "1.55896972");
        String[] fut = rows.stream().filter(r -> r[1].equals("okx-futures")).findFirst().orElseThrow();
        // 4 contracts of 100 USD at 30210.4 USD per BTC
        assertThat(new BigDecimal(fut[4]).doubleValue()).isCloseTo(400 / 30210.4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void unitOfTheRecorderClockIsToldFromItsMagnitude() {
        assertThat(RawSessionReader.receiveTimeUs("1723161253937085768")).isEqualTo(1723161253937085L);
        assertThat(RawSessionReader.receiveTimeUs("1680652800004107")).isEqualTo(1680652800004107L);
        assertThat(RawSessionReader.receiveTimeUs("1680652800004")).isEqualTo(1680652800004000L);
        assertThat(RawSessionReader.receiveTimeUs("1680652800")).isEqualTo(1680652800000000L);
        assertThat(RawSessionReader.receiveTimeUs("12a")).isNull();
    }
}
