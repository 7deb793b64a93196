package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyed engine operator: it forwards exactly what the engine emits, keeps one
 * state entry and one end-of-input timer per instrument, survives a snapshot and restore on RocksDB, and leaves
 * no state behind once the input ends.
 */
class EngineFunctionTest {

    private static final StrategyConfig CONFIG = EngineConfigs.demo();
    /** 300 s of the synthetic market (three instruments): several dislocations each. */
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 30_000);
    private static final int INSTRUMENTS = SyntheticMarket.Settings.DEFAULT.instruments().size();

    /** On the heap backend, which can count its state entries. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Either<BookTicker, ExecutionReport>, Signal> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EngineFunction(new EngineConfigs.ConfiguredEngine(CONFIG), "ticks")),
                new SpreadflowJob.ByInstrument(), Types.STRING);
    }

    /** On RocksDB, which hands out copies: what the engine changed must be written back. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Either<BookTicker, ExecutionReport>, Signal> rocksDbHarness() throws Exception {
        var h = harness();
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Either<BookTicker, ExecutionReport>, Signal> h,
                             List<BookTicker> ticks) throws Exception {
        for (BookTicker t : ticks) h.processElement(Either.Left(t), t.getReceiveTsUs() / 1000);
    }

    private static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, OutputTag<T> tag) {
        var q = h.getSideOutput(tag);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void forwardsWhatTheEngineEmitsWithOneStateEntryAndTimerPerInstrument() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, false);
        assertThat(DirectEngineRun.allIntents(expected)).as("the synthetic market must make the engine trade").isNotEmpty();
        try (var h = harness()) {
            h.open();
            feed(h, TICKS);
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allSignals(expected));
            for (String instrument : expected.keySet()) {
                assertThat(side(h, EngineFunction.INTENTS).stream().filter(i -> i.getInstrument().equals(instrument)).toList())
                        .as("intents of %s in order", instrument).containsExactlyElementsOf(expected.get(instrument).intents);
                assertThat(side(h, EngineFunction.EXECUTIONS).stream().filter(i -> i.getInstrument().equals(instrument)).toList())
                        .as("fills of %s in order", instrument).containsExactlyElementsOf(expected.get(instrument).executions);
            }
            assertThat(side(h, EngineFunction.TRADES)).hasSize(expected.values().stream().mapToInt(r -> r.trades.size()).sum());
            assertThat(h.numKeyedStateEntries()).as("one engine state per instrument").isEqualTo(INSTRUMENTS);
            assertThat(h.numEventTimeTimers()).as("one end-of-input timer per instrument").isEqualTo(INSTRUMENTS);
        }
    }

    @Test
    void endOfInputClosesTheLastBarsAndClearsAllState() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, true);
        try (var h = harness()) {
            h.open();
            feed(h, TICKS);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allSignals(expected));
            assertThat(side(h, EngineFunction.INTENTS)).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allIntents(expected));
            assertThat(h.numKeyedStateEntries()).as("state left after the end of input").isZero();
            assertThat(h.numEventTimeTimers()).as("timers left after the end of input").isZero();
        }
    }

    @Test
    void restoredStateContinuesExactlyWhereTheSnapshotLeftOff() throws Exception {
        int cut = TICKS.size() / 2;
        Map<String, DirectEngineRun.Recorded> whole = DirectEngineRun.run(CONFIG, TICKS, false);
        OperatorSubtaskState snapshot;
        List<OrderIntent> before;
        try (var h = rocksDbHarness()) {
            h.open();
            feed(h, TICKS.subList(0, cut));
            before = side(h, EngineFunction.INTENTS);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = rocksDbHarness()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(h.numEventTimeTimers()).as("end-of-input timers restored").isEqualTo(INSTRUMENTS);
            feed(h, TICKS.subList(cut, TICKS.size()));
            List<OrderIntent> all = new java.util.ArrayList<>(before);
            all.addAll(side(h, EngineFunction.INTENTS));
            assertThat(all).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allIntents(whole));
        }
    }

    @Test
    void rejectedTickBecomesDeadLetterWithTheEngineReasonAndLeavesStateAlone() throws Exception {
        BookTicker good = TICKS.get(0);
        BookTicker crossed = BookTicker.newBuilder(good).setBidPrice(good.getAskPrice() * 1.01).build();
        try (var h = harness()) {
            h.open();
            h.processElement(Either.Left(good), 1);
            h.processElement(Either.Left(crossed), 2);
            List<DeadLetter> rejected = side(h, EngineFunction.REJECTED);
            assertThat(rejected).hasSize(1);
            DeadLetter d = rejected.get(0);
            assertThat(d.getSource()).isEqualTo("ticks");
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getEventTsUs()).isEqualTo(crossed.getReceiveTsUs());
            assertThat(AvroBinaryCodec.of(BookTicker.class).decode(d.getRaw().array())).isEqualTo(crossed);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }
}
