package io.spreadflow.backtest;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickFileWriter;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TickCursorTest {

    private static final String HEADER = "timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty\n";

    @TempDir
    Path dir;

    @Test
    void shouldMergeByTimeKeepingArgumentOrderOnTiesAndNumberEachInstrument() throws Exception {
        Path spot = Files.writeString(dir.resolve("spot.csv"), HEADER
                + "1000,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n"
                + "2000,mexc-spot,LUNC_USDT,1.2,1,1.3,1\n"
                + "2000,mexc-spot,LUNC_USDT,1.4,1,1.5,1\n");
        Path fut = Files.writeString(dir.resolve("fut.csv"), HEADER
                + "2000,gateio-futures,LUNC_USDT,2.0,1,2.1,1\n"
                + "2000,gateio-futures,BTC_USDT,9.0,1,9.1,1\n"
                + "3000,gateio-futures,LUNC_USDT,2.2,1,2.3,1\n");

        List<EngineInput> out = drain(new TickCursor(List.of(spot.toString(), fut.toString()), 1, 0));

        assertThat(out).extracting(e -> e.venue + "@" + e.receiveTsUs + "=" + e.bidPrice).containsExactly(
                "mexc-spot@1000=1.0", "mexc-spot@2000=1.2", "mexc-spot@2000=1.4",
                "gateio-futures@2000=2.0", "gateio-futures@2000=9.0", "gateio-futures@3000=2.2");
        assertThat(out).extracting(e -> e.instrument + "#" + e.seq).containsExactly(
                "LUNC-USDT#0", "LUNC-USDT#1", "LUNC-USDT#2", "LUNC-USDT#3", "BTC-USDT#0", "LUNC-USDT#4");
    }

    @Test
    void shouldTurnBadLinesIntoRejectedEventsWithLineAndReason() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.csv"), HEADER
                + "1000,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n"
                + "1001,mexc-spot,LUNC_USDT,abc,1,1.1,1\n"
                + "1002,mexc-spot,LUNC_USDT,1.0,1\n"
                + "1003,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n");

        List<EngineInput> out = drain(new TickCursor(List.of(f.toString()), 1, 0));

        assertThat(out).filteredOn(EngineInput::isRejected).extracting(e -> e.deadLetter.getOffset() + ":" + e.deadLetter.getReason())
                .containsExactly("3:bid_price is not a number: 'abc'", "4:expected 7 fields, found 5");
        assertThat(out).filteredOn(e -> !e.isRejected()).extracting(e -> e.seq).containsExactly(0L, 1L);
        assertThat(out).hasSize(4);
        // each rejected line in its place: after the tick before it in its file
        assertThat(out).extracting(e -> e.isRejected() ? "line " + e.deadLetter.getOffset() : "tick " + e.receiveTsUs)
                .containsExactly("tick 1000", "line 3", "line 4", "tick 1003");
        assertThat(out.get(1).deadLetter.getSource()).isEqualTo(f.toString());
        assertThat(out.get(1).deadLetter.getRawText()).isEqualTo("1001,mexc-spot,LUNC_USDT,abc,1,1.1,1");
    }

    @Test
    void shouldReadAvroTickFilesAsTheSameTicksInCsv() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), HEADER
                + "1000,binance-spot,BTCUSDT,61000.1,0.5,61000.2,1.5\n"
                + "1000,binance-usdm,BTCUSDT,61010.1,2,61010.2,3\n"
                + "1001,binance-spot,BTCUSDT,61000.3,0.5,61000.4,1.5\n");
        Path avro = dir.resolve("t.avro");
        try (TickFileWriter w = TickFileWriter.create(avro)) {
            for (BookTicker t : TickFileReader.readAll(csv)) w.write(t);
        }

        List<EngineInput> fromCsv = drain(new TickCursor(List.of(csv.toString()), 1, 0));
        List<EngineInput> fromAvro = drain(new TickCursor(List.of(avro.toString()), 1, 0));

        assertThat(fromAvro).hasSize(3);
        assertThat(fromAvro).extracting(TickCursorTest::describe).containsExactlyElementsOf(fromCsv.stream().map(TickCursorTest::describe).toList());
    }

    private static String describe(EngineInput e) {
        return e.key() + "#" + e.seq + " " + e.toBookTicker();
    }

    @Test
    void shouldReplicateTicksUnderDistinctInstrumentsEachWithItsOwnSequence() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), HEADER
                + "1000,binance-spot,BTCUSDT,1.0,1,1.1,1\n"
                + "1001,binance-spot,BTCUSDT,1.0,1,1.1,1\n");

        List<EngineInput> out = drain(new TickCursor(List.of(f.toString()), 3, 0));

        assertThat(out).extracting(e -> e.instrument + "#" + e.seq).containsExactly(
                "BTC0-USDT#0", "BTC1-USDT#0", "BTC2-USDT#0", "BTC0-USDT#1", "BTC1-USDT#1", "BTC2-USDT#1");
    }

    @Test
    void shouldResumeAfterTheEventsAlreadyEmitted() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), HEADER
                + "1000,mexc-spot,LUNC_USDT,1.0,1,1.1,1\n"
                + "1001,mexc-spot,LUNC_USDT,1.1,1,1.2,1\n"
                + "1002,mexc-spot,LUNC_USDT,1.2,1,1.3,1\n");

        List<EngineInput> out = drain(new TickCursor(List.of(f.toString()), 1, 2));

        assertThat(out).extracting(e -> e.bidPrice + "#" + e.seq).containsExactly("1.2#2");
    }

    @Test
    void shouldSplitKeysBetweenRoutingGroupsEachInTheMergedOrderAndRejectOnce() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), HEADER
                + "1000,binance-spot,BTCUSDT,1.0,1,1.1,1\n"
                + "1001,binance-spot,BTCUSDT,oops,1,1.1,1\n"
                + "1002,binance-spot,BTCUSDT,1.2,1,1.3,1\n");
        TickRouting routing = new TickRouting(2, 0, 2, 128);
        List<EngineInput> all = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            List<EngineInput> group = drain(new TickCursor(List.of(f.toString()), 5, 0, routing.forGroup(g)));
            for (EngineInput e : group) {
                if (!e.isRejected()) assertThat(routing.forGroup(g).owns(e.key())).as(e.key()).isTrue();
            }
            all.addAll(group);
        }

        assertThat(all).filteredOn(EngineInput::isRejected).hasSize(1);
        List<EngineInput> ticks = all.stream().filter(e -> !e.isRejected()).toList();
        assertThat(ticks).hasSize(2 * 5 * 2);
        assertThat(ticks.stream().map(EngineInput::key).distinct()).hasSize(10).contains("BTC3-USDT", "1|BTC3-USDT");
        for (String key : ticks.stream().map(EngineInput::key).distinct().toList()) {
            assertThat(ticks).filteredOn(e -> e.key().equals(key)).extracting(e -> e.seq + "@" + e.bidPrice)
                    .containsExactly("0@1.0", "1@1.2");
        }
    }

    private static List<EngineInput> drain(TickCursor c) {
        List<EngineInput> out = new ArrayList<>();
        while (c.hasNext()) out.add(c.next());
        return out;
    }
}
