package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one tick-file reading path: every format, refused lines in their place, and the merge order. */
class TickFileReaderTest {

    private static final String CANONICAL = TickFileReader.CANONICAL_HEADER + "\n";
    private static final String BINANCE = TickFileReader.BINANCE_HEADER + "\n";

    @TempDir
    Path dir;

    /** What the reader yields, one string per line: {@code file:line tick} or {@code file:line REFUSED reason @time}. */
    private static List<String> lines(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        try (TickFileReader r = TickFileReader.open(files)) {
            while (r.next()) {
                String where = r.file().getFileName() + ":" + r.lineNumber() + " ";
                if (r.isTick()) {
                    TickLine t = r.tick();
                    out.add(where + t.venue() + "@" + t.receiveTsUs() + "=" + t.bidPrice());
                } else {
                    TickFileReader.RefusedLine bad = r.refused();
                    assertThat(bad.file()).isEqualTo(r.file());
                    assertThat(bad.lineNumber()).isEqualTo(r.lineNumber());
                    out.add(where + "REFUSED " + bad.reason() + " [" + bad.raw() + "] @" + r.timeUs());
                }
            }
        }
        return out;
    }

    @Test
    void readsCanonicalLinesIntoTicks() throws IOException {
        Path f = Files.writeString(dir.resolve("spot.csv"), CANONICAL + "1000,mexc-spot,LUNC_USDT,0.00003528,12,0.0000353,7\n");

        List<BookTicker> ticks = TickFileReader.readAll(f);

        assertThat(ticks).containsExactly(BookTicker.newBuilder().setInstrument("LUNC-USDT").setVenue("mexc-spot")
                .setMarket(Market.SPOT).setVenueSymbol("LUNC_USDT").setReceiveTsUs(1000).setBidPrice(0.00003528)
                .setBidQty(12).setAskPrice(0.0000353).setAskQty(7).setExchangeTsUs(null).setUpdateId(null).build());
    }

    @Test
    void readsBinanceLinesWithReceiveTimeInMicrosAndExchangeTimeAndUpdateId() throws IOException {
        Path f = Files.writeString(dir.resolve("usdm.csv"), BINANCE
                + "1723075200123456789,binance-usdm,BTCUSDT,4711,1723075200120,1723075200119,61000.1,0.5,61000.2,1.5\n"
                + "1723075200223456789,binance-usdm,BTCUSDT,,,,61000.3,0.5,61000.4,1.5\n");

        List<BookTicker> ticks = TickFileReader.readAll(f);

        assertThat(ticks).extracting(BookTicker::getReceiveTsUs).containsExactly(1723075200123456L, 1723075200223456L);
        assertThat(ticks.get(0).getExchangeTsUs()).isEqualTo(1723075200120_000L);
        assertThat(ticks.get(0).getUpdateId()).isEqualTo(4711L);
        assertThat(ticks.get(0).getMarket()).isEqualTo(Market.PERPETUAL);
        assertThat(ticks.get(1).getExchangeTsUs()).isNull();
        assertThat(ticks.get(1).getUpdateId()).isNull();
        assertThat(ticks.get(1).getAskPrice()).isEqualTo(61000.4);
    }

    @Test
    void readsGzippedFilesAsTheirText() throws IOException {
        String text = BINANCE + "1723075200123456789,binance-spot,ETHUSDT,1,2,3,2500.5,1,2500.6,2\n";
        Path plain = Files.writeString(dir.resolve("eth.csv"), text);
        Path gz = dir.resolve("eth.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(TickFileReader.readAll(gz)).hasSize(1).isEqualTo(TickFileReader.readAll(plain));
        try (TickFileReader r = TickFileReader.open(gz)) {
            while (r.next()) assertThat(r.isTick()).isTrue();
            assertThat(r.bytesRead()).as("compressed bytes, as progress counts them").isEqualTo(Files.size(gz)).isEqualTo(r.totalBytes());
        }
    }

    @Test
    void readsAvroFilesOfBookTickersKeepingWhatCsvDrops() throws IOException {
        Path csv = Files.writeString(dir.resolve("usdm.csv"), BINANCE
                + "1723075200123456789,binance-usdm,BTCUSDT,4711,1723075200120,1723075200119,61000.1,0.5,61000.2,1.5\n"
                + "1723075200223456789,binance-usdm,BTCUSDT,,,,61000.3,0.5,61000.4,1.5\n");
        List<BookTicker> ticks = TickFileReader.readAll(csv);
        Path avro = dir.resolve("usdm.avro");
        try (TickFileWriter w = TickFileWriter.create(avro)) {
            for (BookTicker t : ticks) w.write(t);
        }
        assertThat(Files.readAllBytes(avro)).as("an Avro container").startsWith('O', 'b', 'j', 1);

        assertThat(TickFileReader.readAll(avro)).isEqualTo(ticks);
        assertThat(TickFileReader.readAll(avro).get(0).getUpdateId()).isEqualTo(4711L);
        assertThat(lines(List.of(avro))).containsExactly(
                "usdm.avro:1 binance-usdm@1723075200123456=61000.1", "usdm.avro:2 binance-usdm@1723075200223456=61000.3");
    }

    @Test
    void refusesBadLinesWithLineNumberRawTextAndReasonInTheirPlace() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), CANONICAL
                + "1001,mexc-spot,LUNC_USDT,abc,1,1.1,1\n"
                + "1002,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n"
                + "\n"
                + "1003,mexc-spot,LUNC_USDT,1.0,1\n"
                + "1004,mexc-spot,NOQUOTE,1.0,1,1.1,1\n"
                + "1005,mexc-spot,LUNC_USDT,1.5,1,1.6,1\n");

        assertThat(lines(List.of(f))).containsExactly(
                "bad.csv:2 REFUSED bid_price is not a number: 'abc' [1001,mexc-spot,LUNC_USDT,abc,1,1.1,1] @" + Long.MIN_VALUE,
                "bad.csv:3 mexc-spot@1002=1.0",
                "bad.csv:5 REFUSED expected 7 fields, found 5 [1003,mexc-spot,LUNC_USDT,1.0,1] @1002",
                "bad.csv:6 REFUSED cannot tell base and quote currency of symbol 'NOQUOTE' [1004,mexc-spot,NOQUOTE,1.0,1,1.1,1] @1002",
                "bad.csv:7 mexc-spot@1005=1.5");
        assertThatThrownBy(() -> TickFileReader.readAll(f)).hasMessageContaining("bad.csv:2: bid_price is not a number");
    }

    @Test
    void mergesFilesByReceiveTimeKeepingArgumentOrderThenLineOrderOnTies() throws IOException {
        Path spot = Files.writeString(dir.resolve("spot.csv"), CANONICAL
                + "1000,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n"
                + "2000,mexc-spot,LUNC_USDT,1.2,1,1.3,1\n"
                + "2000,mexc-spot,LUNC_USDT,oops,1,1.5,1\n"
                + "2000,mexc-spot,LUNC_USDT,1.4,1,1.5,1\n");
        Path futures = Files.writeString(dir.resolve("fut.csv"), CANONICAL
                + "500,gateio-futures,LUNC_USDT,1.9,1,2.0,1\n"
                + "2000,gateio-futures,LUNC_USDT,2.0,1,2.1,1\n"
                + "3000,gateio-futures,LUNC_USDT,2.2,1,2.3,1\n");
        Path avro = dir.resolve("btc.avro");
        try (TickFileWriter w = TickFileWriter.create(avro)) {
            w.write(TickFileReader.parseCanonical("2000,binance-spot,BTCUSDT,9.0,1,9.1,1"));
            w.write(TickFileReader.parseCanonical("2500,binance-spot,BTCUSDT,9.2,1,9.3,1"));
        }

        assertThat(lines(List.of(spot, futures, avro))).containsExactly(
                "fut.csv:2 gateio-futures@500=1.9",
                "spot.csv:2 mexc-spot@1000=1.0",
                "spot.csv:3 mexc-spot@2000=1.2",
                "spot.csv:4 REFUSED bid_price is not a number: 'oops' [2000,mexc-spot,LUNC_USDT,oops,1,1.5,1] @2000",
                "spot.csv:5 mexc-spot@2000=1.4",
                "fut.csv:3 gateio-futures@2000=2.0",
                "btc.avro:1 binance-spot@2000=9.0",
                "btc.avro:2 binance-spot@2500=9.2",
                "fut.csv:4 gateio-futures@3000=2.2");
        // the other argument order: the same ticks, ties now go to the futures file first
        assertThat(lines(List.of(futures, spot))).containsSubsequence(
                "fut.csv:3 gateio-futures@2000=2.0", "spot.csv:3 mexc-spot@2000=1.2", "spot.csv:5 mexc-spot@2000=1.4");
        assertThat(TickFileReader.readMerged(List.of(futures, avro))).extracting(BookTicker::getReceiveTsUs)
                .containsExactly(500L, 2000L, 2000L, 2500L, 3000L);
    }

    @Test
    void anUnknownHeaderOrANonAvroFileFailsAtOpenNamingTheFile() throws IOException {
        Path good = Files.writeString(dir.resolve("good.csv"), CANONICAL + "1,binance-spot,BTCUSDT,1,1,2,1\n");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,price\n1,2\n");
        Path notAvro = Files.writeString(dir.resolve("text.avro"), CANONICAL);

        assertThatThrownBy(() -> TickFileReader.open(List.of(good, bad))).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("unknown tick file header 'time,price'");
        assertThatThrownBy(() -> TickFileReader.open(notAvro)).isInstanceOf(IOException.class)
                .hasMessageContaining("text.avro").hasMessageContaining("not an Avro container");
    }

    @Test
    void aDamagedOrCutOffAvroFileFailsAtOpenInsteadOfAllocatingOrEndingEarly() throws IOException {
        Path avro = dir.resolve("t.avro");
        try (TickFileWriter w = TickFileWriter.create(avro)) {
            for (int i = 0; i < 3; i++) w.write(TickFileReader.parseCanonical((1000 + i) + ",binance-spot,BTCUSDT,1,1,2,1"));
        }
        byte[] good = Files.readAllBytes(avro);
        assertThat(TickFileReader.readAll(avro)).hasSize(3);
        // the one block starts right after the header's sync marker, which is also the file's last 16 bytes
        byte[] sync = java.util.Arrays.copyOfRange(good, good.length - 16, good.length);
        int block = indexOf(good, sync) + 16;

        Path cut = Files.write(dir.resolve("cut.avro"), java.util.Arrays.copyOf(good, good.length - 20));
        assertThatThrownBy(() -> TickFileReader.open(cut)).isInstanceOf(IOException.class)
                .hasMessageContaining("cut.avro").hasMessageContaining("damaged Avro file");

        // count 1, then a block size of 2,147,483,000 bytes (zig-zag varint)
        byte[] huge = java.util.Arrays.copyOf(good, good.length);
        byte[] size = {(byte) 0xF0, (byte) 0xF5, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F};
        huge[block] = 2;
        byte[] patched = new byte[block + 1 + size.length + 32];
        System.arraycopy(huge, 0, patched, 0, block + 1);
        System.arraycopy(size, 0, patched, block + 1, size.length);
        Path big = Files.write(dir.resolve("big.avro"), patched);
        assertThatThrownBy(() -> TickFileReader.open(big)).isInstanceOf(IOException.class)
                .hasMessageContaining("big.avro").hasMessageContaining("declares 1 records in 2147483000 bytes");
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + part.length, part, 0, part.length)) return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void anEmptyFileOrAHeaderOnlyFileHoldsNoTicks() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "\uFEFF" + CANONICAL);
        assertThat(lines(List.of(empty, headerOnly))).isEmpty();
    }

    @Test
    void readsTheRealRecordingsAsTheReferenceParserDoes() throws IOException {
        Path spot = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        List<String> rows = Files.readAllLines(spot);
        List<BookTicker> ticks = TickFileReader.readAll(spot);
        assertThat(ticks).hasSize(rows.size() - 1);
        for (int i = 1; i < rows.size(); i++) assertThat(ticks.get(i - 1)).isEqualTo(TickFileReader.parseCanonical(rows.get(i)));
    }
}
