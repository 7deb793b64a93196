package io.spreadflow.job;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every release's savepoint fixture ({@link SavepointFixture}, under {@code savepoints/v*}) restores with
 * the current code, on RocksDB and on the heap: positions, the legs in flight and the held ticks come
 * back, and once the reports of the legs in flight arrive, the held rows send the exits.
 */
class SavepointFixtureTest {

    /** Releases whose fixture must restore; each release adds its own and none is ever removed. */
    static final List<String> RELEASES = List.of("v0.1.0");
    /**
     * Fixtures of engine-state formats that preceded the first release, from the same scenario: format 1
     * has no exit settlement per position ({@code EngineStateCodec} history), so it restores through the
     * reader of an older format.
     */
    static final List<String> OLDER_FORMATS = List.of("format-1");
    /**
     * Fixtures of state layouts written since the last release, from the same scenario, so that a change before the
     * next release cannot break what this code writes today: {@code parts-1}, the engine state in keyed parts
     * ({@code market}, {@code book}, {@code positions}) in the parts' first formats.
     */
    static final List<String> UNRELEASED = List.of("parts-1");

    static Stream<Arguments> fixtures() {
        return Stream.of(RELEASES, OLDER_FORMATS, UNRELEASED).flatMap(List::stream)
                .flatMap(r -> Stream.of(Arguments.of(r, true), Arguments.of(r, false)));
    }

    static OperatorSubtaskState fixture(String release) throws Exception {
        URL url = SavepointFixtureTest.class.getResource("/savepoints/" + release + "/" + SavepointFixture.FILE);
        assertThat(url).as("fixture of " + release).isNotNull();
        return OperatorSnapshotUtil.readStateHandle(new File(url.toURI()).getPath());
    }

    static EngineState stored(EngineHarness h) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return InstrumentStates.stored(backend);
    }

    /** What the fixture's scenario holds when run with the current code. */
    static int heldByTheScenarioToday() throws Exception {
        try (EngineHarness h = new EngineHarness(EngineFactory.of(SavepointFixture.config()))) {
            h.open();
            SavepointFixture.run(h);
            return stored(h).heldTicks();
        }
    }

    @ParameterizedTest(name = "{0} on RocksDB: {1}")
    @MethodSource("fixtures")
    void theFixtureRestoresWithPositionsLegsInFlightAndTheNextIntents(String release, boolean rocksDb) throws Exception {
        OperatorSubtaskState savepoint = fixture(release);
        try (EngineHarness h = rocksDb ? SavepointFixture.onRocksDb() : new EngineHarness(EngineFactory.of(SavepointFixture.config()))) {
            h.initializeState(savepoint);
            h.open();
            assertThat(h.numEventTimeTimers()).as("the end-of-input timer").isEqualTo(1);
            EngineState s = stored(h);
            assertThat(s.instrument()).isEqualTo(INSTRUMENT);
            assertThat(s.positions().records()).extracting(p -> p.id() + " " + p.state())
                    .containsExactly("1 " + PositionState.OPEN, "2 " + PositionState.ENTERING);
            List<LegRecord> inFlight = s.positions().position(2).legs();
            assertThat(inFlight).hasSize(2).allMatch(LegRecord::working);
            assertThat(inFlight).extracting(LegRecord::side).containsExactly(Side.BUY, Side.SELL);
            assertThat(s.positions().position(1).legs()).noneMatch(LegRecord::working);
            assertThat(s.heldTicks()).as("ticks from the entry in flight on wait for its reports")
                    .isPositive().isEqualTo(heldByTheScenarioToday());
            assertThat(((ThresholdStrategy.State) s.strategyState())).isNotNull();
            long sequence = s.positions().intentSequence();
            assertThat(sequence).isEqualTo(2);

            // the service reports the legs in flight: the held rows are above the exit threshold
            for (LegRecord l : inFlight) {
                OrderLeg leg = OrderLeg.newBuilder().setVenue(l.venue()).setSide(l.side()).setQuantity(l.quantity())
                        .setLimitPrice(null).setReduceOnly(false).build();
                double price = l.side() == Side.BUY ? SavepointFixture.SPOT_ASK : SavepointFixture.FUT_LOW_BID;
                h.report(SavepointFixture.filled(l.intentId(), SavepointFixture.T0 + SavepointFixture.SECOND + 100_000L,
                        l.legIndex(), leg, price));
            }
            List<OrderIntent> next = new ArrayList<>(h.intents());
            assertThat(next).extracting(OrderIntent::getPurpose).containsExactly(IntentPurpose.EXIT, IntentPurpose.EXIT);
            assertThat(next).extracting(OrderIntent::getPositionId).containsExactly(1L, 2L);
            assertThat(next).extracting(OrderIntent::getSequence).containsExactly(sequence + 1, sequence + 2);
            assertThat(next).extracting(OrderIntent::getReason).containsOnly("ABOVE");
        }
    }
}
