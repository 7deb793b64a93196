package io.spreadflow.job;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.job.SavepointFixture.FUT_HIGH_BID;
import static io.spreadflow.job.SavepointFixture.FUT_LOW_BID;
import static io.spreadflow.job.SavepointFixture.SECOND;
import static io.spreadflow.job.SavepointFixture.SPOT_ASK;
import static io.spreadflow.job.SavepointFixture.SPOT_BID;
import static io.spreadflow.job.SavepointFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instrument's engine state in its keyed parts ({@link InstrumentStates}), on RocksDB with the states on
 * the heap between snapshots: a tick that changes no position writes no position entry, a changed position's
 * entry is written again, a closed position's entry is removed, a snapshot with positions and legs in flight
 * restores to the same next intents on RocksDB and on the heap, and the whole-state value of an older
 * savepoint moves into the parts at the key's next write. The scenario is {@link SavepointFixture}'s:
 * the threshold strategy, execution through the service, two positions at most.
 */
class KeyedStatePartsTest {

    /** Between the thresholds: neither an entry nor an exit. */
    private static final double FUT_QUIET_BID = 99.5;

    /** Between the thresholds: the futures first, so that no tick of the row sees the old futures quote. */
    private static List<BookTicker> quietRow(long tsUs) {
        return List.of(io.spreadflow.engine.Ticks.tick(io.spreadflow.engine.Ticks.FUT, tsUs, FUT_QUIET_BID, FUT_QUIET_BID + 0.1),
                io.spreadflow.engine.Ticks.tick(io.spreadflow.engine.Ticks.SPOT, tsUs + 100_000L, SPOT_BID, SPOT_ASK));
    }

    /** The engine state the keyed state holds for the instrument. */
    private static EngineState stored(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return InstrumentStates.stored(backend);
    }

    private static MapState<Long, PositionRecord> positions(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, EngineFunction.POSITIONS);
    }

    /** The stored positions by id, in the map's order (RocksDB: by id). */
    private static Map<Long, PositionState> storedPositions(EngineHarness h) throws Exception {
        Map<Long, PositionState> out = new LinkedHashMap<>();
        for (Map.Entry<Long, PositionRecord> e : positions(h).entries()) out.put(e.getKey(), e.getValue().state());
        return out;
    }

    private static MarketPart storedMarket(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, EngineFunction.MARKET).value();
    }

    private static Object storedLegacy(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, EngineFunction.LEGACY_STATE).value();
    }

    /** Fills every leg of {@code intent} at the price the test quotes for its side. */
    private static void fill(EngineHarness h, OrderIntent intent, double futPrice) throws Exception {
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg l = intent.getLegs().get(i);
            boolean spot = l.getVenue().toString().equals(io.spreadflow.engine.Ticks.SPOT);
            double price = spot ? (l.getSide() == Side.BUY ? SPOT_ASK : SPOT_BID) : futPrice;
            h.report(SavepointFixture.filled(intent.getIntentId().toString(), intent.getEventTsUs(), i, l, price));
        }
    }

    private static OrderIntent last(EngineHarness h) {
        List<OrderIntent> all = h.intents();
        return all.get(all.size() - 1);
    }

    @Test
    void aTickThatChangesNoPositionWritesNoPositionEntryAndAChangedOneIsWrittenAgainThenRemovedWhenClosed() throws Exception {
        try (EngineHarness h = SavepointFixture.onRocksDb()) {
            h.open();
            h.ticks(SavepointFixture.row(T0, FUT_LOW_BID));
            fill(h, last(h), FUT_LOW_BID);
            h.snapshot(1L, 1L);
            assertThat(storedPositions(h)).as("position 1 written at the snapshot").containsExactly(Map.entry(1L, PositionState.OPEN));
            long puts = h.function().positionPuts();

            // a tick between the thresholds: the market part changes, position 1 does not
            h.ticks(quietRow(T0 + SECOND));
            assertThat(h.intents()).hasSize(1);
            h.snapshot(2L, 2L);
            assertThat(h.function().positionPuts()).as("position entries written for a tick that changed none").isEqualTo(puts);
            assertThat(storedMarket(h).board().streamTimeUs()).as("the market part written").isEqualTo(T0 + SECOND + 100_000L);
            assertThat(storedPositions(h)).containsExactly(Map.entry(1L, PositionState.OPEN));

            // the negative case: an exit changes position 1, whose entry is written again
            h.ticks(SavepointFixture.row(T0 + 2 * SECOND, FUT_HIGH_BID));
            OrderIntent exit = last(h);
            assertThat(exit.getPurpose()).isEqualTo(IntentPurpose.EXIT);
            h.snapshot(3L, 3L);
            assertThat(h.function().positionPuts()).as("the exiting position written again").isEqualTo(puts + 1);
            assertThat(storedPositions(h)).containsExactly(Map.entry(1L, PositionState.EXITING));

            // the exit fills: the position is closed, its entry removed at the next snapshot (not before)
            fill(h, exit, FUT_HIGH_BID);
            assertThat(h.trades()).hasSize(1);
            assertThat(storedPositions(h)).as("write-behind: RocksDB unchanged until the snapshot").containsOnlyKeys(1L);
            h.snapshot(4L, 4L);
            assertThat(storedPositions(h)).as("the closed position's entry").isEmpty();
            assertThat(stored(h).positions().isFlat()).isTrue();
            assertThat(h.function().positionPuts()).isEqualTo(puts + 1);
        }
    }

    @Test
    void anInstrumentPushedOutOfTheHeapWritesItsChangedPositionsAndComesBackWithoutRewritingThem() throws Exception {
        try (EngineHarness h = new EngineHarness(new EngineFunction(EngineFactory.of(SavepointFixture.config()), "ticks").withHeapInstruments(1))) {
            h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend());
            h.open();
            h.ticks(SavepointFixture.row(T0, FUT_LOW_BID));
            fill(h, last(h), FUT_LOW_BID);
            // a tick of another key pushes the instrument out: its changed state is written under its key
            h.tick(BookTicker.newBuilder(io.spreadflow.engine.Ticks.tick(io.spreadflow.engine.Ticks.SPOT, T0 + SECOND, SPOT_BID, SPOT_ASK))
                    .setInstrument("OTHER-USDT").build());
            assertThat(storedPositions(h)).containsExactly(Map.entry(1L, PositionState.OPEN));
            long puts = h.function().positionPuts();
            // back on the heap, read from RocksDB: a quiet tick writes the market part, not position 1
            h.ticks(quietRow(T0 + 2 * SECOND));
            h.snapshot(1L, 1L);
            assertThat(h.function().positionPuts()).isEqualTo(puts);
            assertThat(storedMarket(h).board().streamTimeUs()).isEqualTo(T0 + 2 * SECOND + 100_000L);
        }
    }

    /** The next intents after the legs in flight of {@link SavepointFixture}'s scenario are reported. */
    private static List<OrderIntent> reportInFlight(EngineHarness h) throws Exception {
        EngineState s = stored(h);
        int before = h.intents().size();
        for (LegRecord l : s.positions().position(2).legs()) {
            OrderLeg leg = OrderLeg.newBuilder().setVenue(l.venue()).setSide(l.side()).setQuantity(l.quantity())
                    .setLimitPrice(null).setReduceOnly(false).build();
            double price = l.side() == Side.BUY ? SPOT_ASK : FUT_LOW_BID;
            h.report(SavepointFixture.filled(l.intentId(), T0 + SECOND + 100_000L, l.legIndex(), leg, price));
        }
        return new ArrayList<>(h.intents().subList(before, h.intents().size()));
    }

    @ParameterizedTest(name = "restored on RocksDB: {0}")
    @ValueSource(booleans = {true, false})
    void aSnapshotWithPositionsAndLegsInFlightRestoresToTheSameNextIntents(boolean rocksDb) throws Exception {
        OperatorSubtaskState savepoint;
        List<OrderIntent> uninterrupted;
        try (EngineHarness h = SavepointFixture.onRocksDb()) {
            h.open();
            SavepointFixture.run(h);
            savepoint = h.snapshotWithLocalState(1L, 1L, SavepointType.savepoint(SavepointFormatType.CANONICAL)).getJobManagerOwnedState();
            assertThat(storedPositions(h)).containsExactly(Map.entry(1L, PositionState.OPEN), Map.entry(2L, PositionState.ENTERING));
            assertThat(storedLegacy(h)).as("no whole-state value is written").isNull();
            uninterrupted = reportInFlight(h);
        }
        assertThat(uninterrupted).extracting(OrderIntent::getPurpose).containsExactly(IntentPurpose.EXIT, IntentPurpose.EXIT);
        try (EngineHarness h = rocksDb ? SavepointFixture.onRocksDb() : new EngineHarness(EngineFactory.of(SavepointFixture.config()))) {
            h.initializeState(savepoint);
            h.open();
            EngineState s = stored(h);
            assertThat(s.positions().records()).extracting(p -> p.id() + " " + p.state())
                    .containsExactly("1 " + PositionState.OPEN, "2 " + PositionState.ENTERING);
            assertThat(s.positions().position(2).legs()).hasSize(2).allMatch(LegRecord::working);
            assertThat(s.heldTicks()).isPositive();
            assertThat(reportInFlight(h)).isEqualTo(uninterrupted);
        }
    }

    @ParameterizedTest(name = "on RocksDB: {0}")
    @ValueSource(booleans = {true, false})
    void aWholeStateValueOfAnOlderSavepointMovesIntoThePartsAtTheKeysNextWrite(boolean rocksDb) throws Exception {
        OperatorSubtaskState migrated;
        try (EngineHarness h = rocksDb ? SavepointFixture.onRocksDb() : new EngineHarness(EngineFactory.of(SavepointFixture.config()))) {
            h.initializeState(SavepointFixtureTest.fixture("v0.1.0"));
            h.open();
            assertThat(storedLegacy(h)).as("the older savepoint's value").isNotNull();
            assertThat(storedMarket(h)).isNull();
            int held = stored(h).heldTicks();
            // a tick while the legs are in flight: it waits in the state, which is written in parts
            h.ticks(SavepointFixture.row(T0 + 4 * SECOND, FUT_HIGH_BID));
            h.snapshot(1L, 1L);
            assertThat(storedLegacy(h)).as("the whole-state value after the key's write").isNull();
            assertThat(storedMarket(h)).isNotNull();
            assertThat(storedPositions(h)).containsExactly(Map.entry(1L, PositionState.OPEN), Map.entry(2L, PositionState.ENTERING));
            assertThat(stored(h).heldTicks()).isEqualTo(held + 2);
            migrated = h.snapshotWithLocalState(2L, 2L, SavepointType.savepoint(SavepointFormatType.CANONICAL)).getJobManagerOwnedState();
        }
        // the parts restore on their own, with the legacy state empty
        try (EngineHarness h = SavepointFixture.onRocksDb()) {
            h.initializeState(migrated);
            h.open();
            assertThat(storedLegacy(h)).isNull();
            EngineState s = stored(h);
            assertThat(s.positions().records()).extracting(PositionRecord::id).containsExactly(1L, 2L);
            assertThat(reportInFlight(h)).extracting(OrderIntent::getPurpose).containsExactly(IntentPurpose.EXIT, IntentPurpose.EXIT);
        }
    }
}
