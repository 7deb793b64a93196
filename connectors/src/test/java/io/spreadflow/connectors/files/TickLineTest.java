package io.spreadflow.connectors.files;

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
        assertSameAsReference(new TickLine(), line, binance);
    }

    /** {@code t} may have read other lines before: what it read then must not leak into this one. */
    private static void assertSameAsReference(TickLine t, String line, boolean binance) {
        BookTicker ref = binance ? TickFileReader.parseBinance(line) : TickFileReader.parseCanonical(line);
        t.parse(line, binance);
        assertThat(t.toBookTicker()).as(line).isEqualTo(ref);
        assertThat(Double.doubleToRawLongBits(t.bidPrice())).as(line).isEqualTo(Double.doubleToRawLongBits(ref.getBidPrice()));
        assertThat(Double.doubleToRawLongBits(t.askQty())).as(line).isEqualTo(Double.doubleToRawLongBits(ref.getAskQty()));
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
                TickLine reused = new TickLine();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    assertSameAsReference(reused, line, isBinance);
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
        TickLine t = new TickLine();
        assertThatThrownBy(() -> t.parse("1001,mexc-spot,LUNC_USDT,abc,1,1.1,1", false))
                .hasMessage("bid_price is not a number: 'abc'");
        assertThatThrownBy(() -> t.parse("1002,mexc-spot,LUNC_USDT,1.0,1", false)).hasMessage("expected 7 fields, found 5");
        assertThatThrownBy(() -> t.parse("1,2,3,4,5,6,7,8,9,10,11", true)).hasMessage("expected 10 fields, found 11");
        assertSameAsReference("1723075200123456789,binance-usdm,BTCUSDT,,,,61000.1,0.5,61000.2,1.5", true);
    }

    @Test
    void shouldResolveEachLinesOwnVenueAndSymbolWhenTheyChangeFromLineToLine() {
        TickLine t = new TickLine();
        // same lengths, different names: the names of the line before must not be reused
        String[] lines = {"1000,mexc-spot,LUNC_USDT,1.0,1,1.1,1", "1001,mexc-spot,LUNA_USDT,2.0,1,2.1,1",
                "1002,gate-spot,LUNA_USDT,3.0,1,3.1,1", "1003,mexc-spot,LUNC_USDT,4.0,1,4.1,1",
                "1004,binance-usdm,BTCUSDT,5.0,1,5.1,1", "1005,mexc-spot,LUNC_USDT,6.0,1,6.1,1"};
        for (String line : lines) assertSameAsReference(t, line, false);
        t.parse(lines[1], false);
        assertThat(t.instrument()).isEqualTo("LUNA-USDT");
        assertThat(t.venue()).isEqualTo("mexc-spot");
        t.parse(lines[2], false);
        assertThat(t.venue()).isEqualTo("gate-spot");
    }
}
