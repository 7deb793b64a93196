package io.spreadflow.backtest;

import io.spreadflow.job.source.EngineInput;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The field scanner reads every line exactly as the reference parser does, down to the bits of each double. */
class TickLineTest {

    private static void assertSameAsReference(String line, boolean binance) {
        BookTicker ref = binance ? TickFileReader.parseBinance(line) : TickFileReader.parseCanonical(line);
        TickLine t = new TickLine(TickLine.nameTable());
        t.parse(line, binance);
        EngineInput e = t.toEvent(0);
        assertThat(e.toBookTicker()).as(line).isEqualTo(ref);
        assertThat(Double.doubleToRawLongBits(t.bidPrice)).as(line).isEqualTo(Double.doubleToRawLongBits(ref.getBidPrice()));
        assertThat(Double.doubleToRawLongBits(t.askQty)).as(line).isEqualTo(Double.doubleToRawLongBits(ref.getAskQty()));
    }

    @Test
    void shouldReadEveryRealBinanceAndCanonicalLineAsTheReferenceParser() throws IOException {
        Path binance = RealData.require("data/binance");
        Path lunc = RealData.require("data/mexc-gateio");
        int lines = 0;
        for (Path f : List.of(binance.resolve("binance_usdm_ETHUSDT_bookTicker_20240808.csv.gz"),
                lunc.resolve("mexc_spot_LUNC_USDT_bookTicker_20251011.csv"))) {
            boolean gz = f.toString().endsWith(".gz");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    gz ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f), StandardCharsets.UTF_8))) {
                boolean isBinance = r.readLine().startsWith("local_ts_ns");
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    assertSameAsReference(line, isBinance);
                    lines++;
                }
            }
        }
        assertThat(lines).isGreaterThan(10_000);
    }

    @Test
    void shouldMatchDoubleParsingOnEdgeAndRandomDecimals() {
        String[] prices = {"0", "-0", "-0.0", "1.", ".5", "0.1", "0.30000000000000004", "123456789012345",
                "1234567890123456", "9007199254740993", "0.000000000000000000001234", "1e-3", " 2.5 ", "+3.25",
                "61234.56000000", "0.00000001", "99999.999999999"};
        for (String p : prices) assertSameAsReference("1000,binance-spot,BTCUSDT," + p + ",1," + p + ",2", false);
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long m = random.nextLong() % 1_000_000_000_000_000L;
            String digits = Long.toString(Math.abs(m));
            int dot = random.nextInt(digits.length() + 1);
            String p = (m < 0 ? "-" : "") + digits.substring(0, dot) + "." + digits.substring(dot);
            assertSameAsReference("1000,binance-usdm,ETHUSDT," + p + ",1,1.5,2", false);
        }
    }

    @Test
    void shouldRejectMalformedLinesWithTheReferenceWording() {
        TickLine t = new TickLine(TickLine.nameTable());
        assertThatThrownBy(() -> t.parse("1001,mexc-spot,LUNC_USDT,abc,1,1.1,1", false))
                .hasMessage("bid_price is not a number: 'abc'");
        assertThatThrownBy(() -> t.parse("1002,mexc-spot,LUNC_USDT,1.0,1", false)).hasMessage("expected 7 fields, found 5");
        assertThatThrownBy(() -> t.parse("1,2,3,4,5,6,7,8,9,10,11", true)).hasMessage("expected 10 fields, found 11");
        assertSameAsReference("1723075200123456789,binance-usdm,BTCUSDT,,,,61000.1,0.5,61000.2,1.5", true);
    }
}
