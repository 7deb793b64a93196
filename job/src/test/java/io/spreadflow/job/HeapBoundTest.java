package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On RocksDB the engine operator keeps at most {@code spreadflow.state.heap-instruments} instruments'
 * states on the heap: with fewer places than instruments, states go out to RocksDB and come back, and the
 * outputs and checkpoints are the same as with every instrument on the heap (the reference is the engine
 * run directly, {@link DirectEngineRun}).
 */
class HeapBoundTest {

    private static final StrategyConfig CONFIG = EngineConfigs.demo();
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 20_000);
    private static final int INSTRUMENTS = SyntheticMarket.DEFAULT_INSTRUMENTS.size();

    private static EngineHarness onRocksDb(int heapInstruments) throws Exception {
        EngineHarness h = new EngineHarness(new EngineFunction(EngineFactory.of(CONFIG), "ticks").withHeapInstruments(heapInstruments));
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    @Test
    void fewerHeapPlacesThanInstrumentsChangeNoOutputAndHoldTheBound() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, false);
        assertThat(DirectEngineRun.allIntents(expected)).as("the synthetic market must make the engine trade").isNotEmpty();
        assertThat(INSTRUMENTS).isGreaterThan(1);
        try (EngineHarness h = onRocksDb(1)) {
            h.open();
            int most = 0;
            for (BookTicker t : TICKS) {
                h.tick(t);
                most = Math.max(most, h.function().statesOnHeap());
            }
            assertThat(most).as("instruments on the heap at most").isEqualTo(1);
            for (String instrument : expected.keySet()) {
                assertThat(h.intents().stream().filter(i -> i.getInstrument().equals(instrument)).toList())
                        .as("intents of %s in order", instrument).containsExactlyElementsOf(expected.get(instrument).intents);
            }
            assertThat(h.signals()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allSignals(expected));
            var backend = h.getOperator().getKeyedStateBackend();
            for (String instrument : expected.keySet()) {
                backend.setCurrentKey(instrument);
                assertThat(backend.getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                        org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE, EngineFunction.MARKET).value())
                        .as("the state of %s in RocksDB", instrument).isNotNull();
            }
        }
        // the counterpart: with room for all, they all stay on the heap
        try (EngineHarness h = onRocksDb(100)) {
            h.open();
            h.ticks(TICKS);
            assertThat(h.function().statesOnHeap()).isEqualTo(INSTRUMENTS);
        }
    }

    @Test
    void aCheckpointTakenWhileStatesAreOutRestoresToTheSameOutputs() throws Exception {
        int cut = TICKS.size() / 2;
        Map<String, DirectEngineRun.Recorded> whole = DirectEngineRun.run(CONFIG, TICKS, false);
        OperatorSubtaskState snapshot;
        List<OrderIntent> all = new ArrayList<>();
        try (EngineHarness h = onRocksDb(2)) {
            h.open();
            h.ticks(TICKS.subList(0, cut));
            all.addAll(h.intents());
            snapshot = h.snapshot(1L, 1L);
        }
        try (EngineHarness h = onRocksDb(2)) {
            h.initializeState(snapshot);
            h.open();
            h.ticks(TICKS.subList(cut, TICKS.size()));
            all.addAll(h.intents());
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allIntents(whole));
    }

    @Test
    void theBoundMustLeaveRoomForOneInstrument() {
        assertThatThrownBy(() -> new EngineFunction(EngineFactory.of(CONFIG), "ticks").withHeapInstruments(0))
                .hasMessageContaining("spreadflow.state.heap-instruments");
    }
}
