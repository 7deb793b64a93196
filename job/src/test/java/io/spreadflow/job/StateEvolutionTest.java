package io.spreadflow.job;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot taken by an earlier version of a strategy restores into the current version, through
 * Flink's restore path on RocksDB: the strategy's state class gained a field since ({@link
 * EvolvingStrategy}), which takes its initializer's value, while positions, working legs, held ticks
 * and the strategy's own counters come back as they were.
 */
class StateEvolutionTest {

    static final long T0 = 1_760_000_000_000_000L;
    static final long SECOND = 1_000_000L;
    static final double SPOT_BID = 100.0;
    static final double SPOT_ASK = 100.1;

    static StrategyConfig config(int stateVersion) {
        return StrategyConfig.builder(EvolvingStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .param("max_stack", 2)
                .param("state_version", stateVersion)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofMinutes(10)))
                .build();
    }

    static List<BookTicker> row(long tsUs, double futBid) {
        return List.of(tick(SPOT, tsUs, SPOT_BID, SPOT_ASK), tick(FUT, tsUs + 100_000L, futBid, futBid + 0.1));
    }

    /** The service's final report on one leg: filled at the price the leg's venue quoted. */
    static ExecutionReport filled(OrderIntent intent, int leg, double price) {
        OrderLeg l = intent.getLegs().get(leg);
        return ExecutionReport.newBuilder().setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument())
                .setLegIndex(leg).setVenue(l.getVenue()).setSide(l.getSide()).setStatus(ExecutionStatus.FILLED)
                .setFilledQty(l.getQuantity()).setAvgPrice(price).setFee(0).setFeeCurrency("USDT").setVenueOrderId(null)
                .setReason(null).setIntentEventTsUs(intent.getEventTsUs()).setFillEventTsUs(null).build();
    }

    static void fill(EngineHarness h, OrderIntent intent) throws Exception {
        h.report(filled(intent, 0, SPOT_ASK));
        h.report(filled(intent, 1, 98.0));
    }

    /**
     * Up to the snapshot: position 1 entered and filled, position 2's entry out with no report yet, and
     * the ticks after it held until its reports come.
     */
    static List<OrderIntent> openPositionsWithLegsInFlight(EngineHarness h) throws Exception {
        h.ticks(row(T0, 98.0));
        OrderIntent first = h.intents().get(0);
        fill(h, first);
        h.ticks(row(T0 + SECOND, 98.0));
        h.ticks(row(T0 + 2 * SECOND, 101.0));
        h.ticks(row(T0 + 3 * SECOND, 101.0));
        return h.intents();
    }

    /** A canonical savepoint of the operator: portable across state backends, values as the serializers wrote them. */
    static OperatorSubtaskState savepoint(EngineHarness h) throws Exception {
        return h.snapshotWithLocalState(1L, 1L, org.apache.flink.runtime.checkpoint.SavepointType.savepoint(
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL)).getJobManagerOwnedState();
    }

    /** On RocksDB with full snapshots: the values lie in the snapshot as the serializer wrote them. */
    static EngineHarness onRocksDb(int stateVersion) throws Exception {
        EngineHarness h = new EngineHarness(EngineFactory.of(config(stateVersion)));
        h.setStateBackend(new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend(false));
        return h;
    }

    static EngineState stored(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return InstrumentStates.stored(backend);
    }

    /** The snapshot with every occurrence of one text replaced by another of the same length (offsets stay valid). */
    static OperatorSubtaskState replaceText(OperatorSubtaskState snapshot, String from, String to) throws Exception {
        assertThat(to).hasSameSizeAs(from);
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        List<KeyedStateHandle> handles = new ArrayList<>();
        int replaced = 0;
        for (KeyedStateHandle k : snapshot.getManagedKeyedState()) {
            KeyGroupsStateHandle g = (KeyGroupsStateHandle) k;
            byte[] data;
            try (InputStream in = g.getDelegateStateHandle().openInputStream()) {
                data = in.readAllBytes();
            }
            for (int i = 0; i + f.length <= data.length; i++) {
                if (java.util.Arrays.equals(data, i, i + f.length, f, 0, f.length)) {
                    System.arraycopy(t, 0, data, i, t.length);
                    replaced++;
                }
            }
            ByteStreamStateHandle bytes = new ByteStreamStateHandle("renamed", data);
            handles.add(g instanceof org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle
                    ? new org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle(g.getGroupRangeOffsets(), bytes)
                    : new KeyGroupsStateHandle(g.getGroupRangeOffsets(), bytes));
        }
        assertThat(replaced).as("occurrences of " + from).isPositive();
        return OperatorSubtaskState.builder()
                .setManagedKeyedState(new StateObjectCollection<>(handles))
                .setRawKeyedState(snapshot.getRawKeyedState())
                .setManagedOperatorState(snapshot.getManagedOperatorState())
                .setRawOperatorState(snapshot.getRawOperatorState())
                .build();
    }

    @Test
    void aSnapshotOfTheEarlierStateVersionRestoresWithTheAddedFieldsDefaultAndEverythingElseAsItWas() throws Exception {
        OperatorSubtaskState snapshot;
        List<OrderIntent> sent;
        EngineState before;
        try (EngineHarness h = onRocksDb(1)) {
            h.open();
            sent = openPositionsWithLegsInFlight(h);
            snapshot = savepoint(h);
            before = stored(h);
        }
        assertThat(sent).extracting(OrderIntent::getPurpose).containsExactly(IntentPurpose.ENTRY, IntentPurpose.ENTRY);
        assertThat(sent).extracting(OrderIntent::getReason).containsExactly("BELOW", "BELOW");
        assertThat(before.strategyState()).isInstanceOf(EvolvingStrategy.Stat1.class);
        assertThat(before.heldTicks()).isPositive();

        OperatorSubtaskState older = replaceText(snapshot, "EvolvingStrategy$Stat1", "EvolvingStrategy$State");
        try (EngineHarness h = onRocksDb(2)) {
            h.initializeState(older);
            h.open();
            EngineState restored = stored(h);
            EvolvingStrategy.State st = (EvolvingStrategy.State) restored.strategyState();
            assertThat(st.tag).as("added since: the initializer's value").isEqualTo("DEFAULT");
            assertThat(st.nextId).as("stored counters").isEqualTo(3);
            assertThat(st.enter).isEqualTo(-1.0);
            assertThat(restored.positions().position(1).state()).isEqualTo(PositionState.OPEN);
            assertThat(restored.positions().position(2).state()).isEqualTo(PositionState.ENTERING);
            assertThat(restored.positions().position(2).legs()).allMatch(LegRecord::working).hasSize(2);
            assertThat(restored.heldTicks()).isEqualTo(before.heldTicks());

            // the reports of the entry in flight come; the held rows then decide the exits, with the new version's reason
            fill(h, sent.get(1));
            List<OrderIntent> next = h.intents();
            assertThat(next).extracting(OrderIntent::getPurpose).containsExactly(IntentPurpose.EXIT, IntentPurpose.EXIT);
            assertThat(next).extracting(OrderIntent::getPositionId).containsExactly(1L, 2L);
            assertThat(next).extracting(OrderIntent::getReason).containsOnly("ABOVE DEFAULT");
            assertThat(next.get(0).getSequence()).isEqualTo(sent.get(1).getSequence() + 1);
        }
    }
}
