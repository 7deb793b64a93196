package io.spreadflow.job;

import io.spreadflow.engine.BufferBound;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.IntentId;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of an instrument's buffers through the real engine operator, with execution through
 * the service: held ticks and early reports never exceed {@code max-held-ticks} and {@code max-early-reports};
 * one more halts the instrument (a HALT signal with the bound as reason), counts {@code boundsHit}, and loses
 * no input unsaid: the waiting ticks are processed, an early report given up is a dead letter. Just under a
 * bound: no HALT, nothing counted.
 */
class BufferBoundsHarnessTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long MS = 1_000L;
    private static final int MAX_HELD = 4;
    private static final int MAX_EARLY = 3;

    private static StrategyConfig config() {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofSeconds(2)).withMaxHeldTicks(MAX_HELD).withMaxEarlyReports(MAX_EARLY))
                .build();
    }

    /** On the heap backend, which counts its state entries; on RocksDB, which stores the states as bytes. */
    private static EngineHarness operator(boolean rocksDb) throws Exception {
        EngineHarness h = rocksDb ? EngineHarness.onRocksDb(EngineFactory.of(config())) : new EngineHarness(EngineFactory.of(config()));
        h.open();
        return h;
    }

    private static EngineFunction function(EngineHarness h) {
        return (EngineFunction) ((EngineFunction.Operator) h.getOperator()).getUserFunction();
    }

    private static EngineState state(EngineHarness h) throws Exception {
        h.getOperator().setCurrentKey(INSTRUMENT);
        return (EngineState) function(h).stateOf(INSTRUMENT);
    }

    private static long boundsHit(EngineHarness h, BufferBound b) {
        return function(h).metrics().boundsHit(b);
    }

    private static List<Signal> halts(EngineHarness h) {
        return h.signals().stream().filter(s -> s.getKind() == SignalKind.HALT).toList();
    }

    /** The entry goes out (no report ever comes back), then {@code waiting} more ticks; the held count after each. */
    private static List<Integer> entryThenTicks(EngineHarness h, int waiting) throws Exception {
        h.tick(tick(SPOT, T0, 100.0, 100.1));
        h.tick(tick(FUT, T0 + 100 * MS, 98.0, 98.1));
        assertThat(h.intents()).as("the entry").hasSize(1);
        List<Integer> held = new ArrayList<>();
        for (int i = 1; i <= waiting; i++) {
            h.tick(tick(SPOT, T0 + i * 1_000 * MS, 100.0, 100.1));
            held.add(state(h).heldTicks());
        }
        return held;
    }

    @Test
    void ticksUpToTheBoundWaitInTheState() throws Exception {
        try (EngineHarness h = operator(false)) {
            assertThat(entryThenTicks(h, MAX_HELD)).containsExactly(1, 2, 3, 4);
            assertThat(halts(h)).isEmpty();
            assertThat(boundsHit(h, BufferBound.HELD_TICKS_BOUND)).isZero();
            assertThat(h.engineStates()).as("the instrument's state").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
        }
    }

    @Test
    void theTickPastTheBoundHaltsTheInstrumentAndTheWaitingTicksAreProcessed() throws Exception {
        try (EngineHarness h = operator(false)) {
            int ticks = 2 * MAX_HELD + 3;
            List<Integer> held = entryThenTicks(h, ticks);
            assertThat(held).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(MAX_HELD));
            assertThat(held.get(MAX_HELD)).as("after the tick past the bound").isZero();
            assertThat(halts(h)).singleElement().satisfies(s -> {
                assertThat(s.getReason()).isEqualTo("HELD_TICKS_BOUND");
                assertThat(s.getIndicators()).containsEntry("held_ticks", (double) MAX_HELD);
            });
            assertThat(boundsHit(h, BufferBound.HELD_TICKS_BOUND)).isPositive();
            assertThat(boundsHit(h, BufferBound.EARLY_REPORTS_BOUND)).isZero();
            assertThat(h.deadLetters()).as("no tick dropped").isEmpty();
            EngineState s = state(h);
            assertThat(s.lastTickUs()).as("every tick reached the board").isEqualTo(T0 + (long) ticks * 1_000 * MS);
            assertThat(s.positions().halted()).isTrue();
            assertThat(h.signals()).extracting(Signal::getReason).contains("LEG_TIMEOUT");
            assertThat(h.engineStates()).isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
        }
    }

    /** A filled report of the engine's {@code sequence}-th intent of the instrument: one it has not sent yet. */
    private static ExecutionReport ahead(long sequence) {
        return ExecutionReport.newBuilder().setIntentId(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, sequence))
                .setInstrument(INSTRUMENT).setLegIndex(0).setVenue(SPOT).setSide(Side.BUY).setStatus(ExecutionStatus.FILLED)
                .setFilledQty(9.99).setAvgPrice(100.1).setFee(0).setFeeCurrency("USDT").setVenueOrderId("v-" + sequence)
                .setReason(null).setIntentEventTsUs(T0 + sequence * MS).setFillEventTsUs(T0 + sequence * MS + 5).build();
    }

    @Test
    void earlyReportsUpToTheBoundAreKept() throws Exception {
        try (EngineHarness h = operator(true)) {
            for (long seq = 1; seq <= MAX_EARLY; seq++) h.report(ahead(seq));
            assertThat(state(h).earlyReports()).isEqualTo(MAX_EARLY);
            assertThat(h.extractOutputValues()).as("nothing said about reports of intents still to come").isEmpty();
            assertThat(boundsHit(h, BufferBound.EARLY_REPORTS_BOUND)).isZero();
        }
    }

    @Test
    void earlyReportsPastTheBoundGoOldestFirstToTheDeadLettersAndHaltAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        List<ExecutionReport> sent = new ArrayList<>();
        try (EngineHarness h = operator(true)) {
            for (long seq = 1; seq <= MAX_EARLY + 2; seq++) {
                sent.add(ahead(seq));
                h.report(sent.get(sent.size() - 1));
                assertThat(state(h).earlyReports()).isEqualTo((int) Math.min(seq, MAX_EARLY));
            }
            List<DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(2);
            AvroBinaryCodec<ExecutionReport> codec = AvroBinaryCodec.of(ExecutionReport.class);
            for (int i = 0; i < dead.size(); i++) {
                DeadLetter d = dead.get(i);
                assertThat(d.getReason()).startsWith("EARLY_REPORTS_BOUND: max-early-reports " + MAX_EARLY);
                assertThat(d.getSource()).isEqualTo("executions");
                assertThat(codec.decode(bytes(d.getRaw()))).as("the report, whole").isEqualTo(sent.get(i));
            }
            assertThat(halts(h)).singleElement().extracting(Signal::getReason).isEqualTo("EARLY_REPORTS_BOUND");
            assertThat(boundsHit(h, BufferBound.EARLY_REPORTS_BOUND)).isEqualTo(2);
            snapshot = h.snapshot(1L, 1L);
        }
        try (EngineHarness h = EngineHarness.onRocksDb(EngineFactory.of(config()))) {
            h.initializeState(snapshot);
            h.open();
            EngineState s = state(h);
            assertThat(s.earlyReports()).as("kept across the restore").isEqualTo(MAX_EARLY);
            assertThat(s.positions().halted()).isTrue();
            h.report(ahead(MAX_EARLY + 3));
            assertThat(state(h).earlyReports()).isEqualTo(MAX_EARLY);
            assertThat(h.deadLetters()).singleElement().satisfies(d -> assertThat(d.getReason()).contains(sent.get(2).getIntentId()));
            assertThat(halts(h)).as("halted already for this reason").isEmpty();
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
