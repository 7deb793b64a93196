package io.spreadflow.engine;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.IntentId;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of an instrument's buffers with execution through the service: held ticks and early reports
 * stay within {@code max-held-ticks} and {@code max-early-reports}; one more halts the instrument with the
 * bound as reason, is counted, and loses no input unsaid. Just under a bound nothing happens.
 */
class BufferBoundsTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long MS = 1_000L;
    private static final int MAX_HELD = 5;
    private static final int MAX_EARLY = 4;

    private static DefaultInstrumentEngine engine() {
        StrategyConfig config = StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .fee(SPOT, StrategyConfig.VenueFees.of("0", "0.001"))
                .fee(FUT, StrategyConfig.VenueFees.of("0", "0.0005"))
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofSeconds(2)).withMaxHeldTicks(MAX_HELD).withMaxEarlyReports(MAX_EARLY))
                .build();
        return new DefaultInstrumentEngine(config, new ThresholdStrategy());
    }

    /** An entry goes out (its reports never come); then {@code waiting} spot ticks one second apart, entry prices all along. */
    private static RecordingOutput entryThenTicks(DefaultInstrumentEngine engine, EngineState state, int waiting, List<Integer> heldSeen) {
        RecordingOutput out = new RecordingOutput();
        engine.onTick(state, tick(SPOT, T0, 100.0, 100.1), out);
        engine.onTick(state, tick(FUT, T0 + 100 * MS, 98.0, 98.1), out);
        assertThat(out.intents).as("the entry").hasSize(1);
        for (int i = 1; i <= waiting; i++) {
            engine.onTick(state, tick(i % 2 == 0 ? SPOT : FUT, T0 + i * 1_000 * MS, i % 2 == 0 ? 100.0 : 98.0, i % 2 == 0 ? 100.1 : 98.1), out);
            heldSeen.add(state.heldTicks());
        }
        return out;
    }

    private static List<Signal> halts(RecordingOutput out) {
        return out.signals.stream().filter(s -> s.getKind() == SignalKind.HALT).toList();
    }

    @Test
    void heldTicksUpToTheBoundWaitWithoutHalting() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        List<Integer> held = new ArrayList<>();
        RecordingOutput out = entryThenTicks(engine, state, MAX_HELD, held);
        assertThat(held).containsExactly(1, 2, 3, 4, 5);
        assertThat(halts(out)).isEmpty();
        assertThat(out.boundsHit).isEmpty();
        assertThat(state.positions().halted()).isFalse();
    }

    @Test
    void oneTickPastTheBoundHaltsTheInstrumentAndLetsTheWaitingTicksThrough() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        List<Integer> held = new ArrayList<>();
        int ticks = 3 * MAX_HELD + 2;
        RecordingOutput out = entryThenTicks(engine, state, ticks, held);

        assertThat(held).as("held ticks after each tick").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(MAX_HELD));
        assertThat(held.get(MAX_HELD)).as("the tick past the bound").isZero();
        assertThat(halts(out)).as("one HALT, however often the bound is hit").singleElement().satisfies(h -> {
            assertThat(h.getReason()).isEqualTo("HELD_TICKS_BOUND");
            assertThat(h.getIndicators()).containsEntry("held_ticks", (double) MAX_HELD).containsEntry("working_legs", 1.0);
        });
        assertThat(out.boundsHit).as("each hit counted").isNotEmpty().containsOnly(BufferBound.HELD_TICKS_BOUND);
        assertThat(state.positions().halted()).isTrue();
        assertThat(state.positions().haltReason()).isEqualTo("HELD_TICKS_BOUND");
        // nothing dropped: every tick reached the board (its time is the last tick's), the leg timeout gave up the orders
        assertThat(out.rejections).isEmpty();
        assertThat(state.lastTickUs()).isEqualTo(T0 + (long) ticks * 1_000 * MS);
        assertThat(out.signals).extracting(Signal::getReason).contains("LEG_TIMEOUT");
        // halted: the entry prices that keep coming open nothing new
        assertThat(out.signals).extracting(Signal::getReason).contains("ENTER_REFUSED_HALTED");
        assertThat(out.signals).filteredOn(s -> s.getKind() == SignalKind.ENTER).hasSize(1);
    }

    /** A report of the engine's {@code sequence}-th intent, leg 0, filled. */
    private static ExecutionReport report(long sequence) {
        return ExecutionReport.newBuilder()
                .setIntentId(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, sequence))
                .setInstrument(INSTRUMENT)
                .setLegIndex(0)
                .setVenue(SPOT)
                .setSide(Side.BUY)
                .setStatus(ExecutionStatus.FILLED)
                .setFilledQty(10.0)
                .setAvgPrice(100.1)
                .setFee(0.01)
                .setFeeCurrency("USDT")
                .setVenueOrderId("paper-" + sequence)
                .setReason(null)
                .setIntentEventTsUs(T0 + sequence * MS)
                .setFillEventTsUs(T0 + sequence * MS)
                .build();
    }

    @Test
    void earlyReportsUpToTheBoundAreKeptWithoutHalting() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        for (long seq = 1; seq <= MAX_EARLY; seq++) engine.onExecution(state, report(seq), out);
        assertThat(state.earlyReports()).isEqualTo(MAX_EARLY);
        assertThat(out.signals).isEmpty();
        assertThat(out.rejectedReports).isEmpty();
        assertThat(out.boundsHit).isEmpty();
        assertThat(state.positions().halted()).isFalse();
    }

    @Test
    void anEarlyReportPastTheBoundSendsTheOldestToTheDeadLettersAndHalts() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        int sent = MAX_EARLY + 3;
        for (long seq = 1; seq <= sent; seq++) {
            engine.onExecution(state, report(seq), out);
            assertThat(state.earlyReports()).as("kept after report %d", seq).isEqualTo((int) Math.min(seq, MAX_EARLY));
        }
        assertThat(out.rejectedReports).as("the oldest, in arrival order").extracting(ExecutionReport::getIntentId)
                .containsExactly(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 1), IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 2),
                        IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 3));
        assertThat(out.reportRejections).allSatisfy(r -> assertThat(r).startsWith("EARLY_REPORTS_BOUND: max-early-reports " + MAX_EARLY));
        assertThat(out.boundsHit).hasSize(3).containsOnly(BufferBound.EARLY_REPORTS_BOUND);
        assertThat(halts(out)).singleElement().extracting(Signal::getReason).isEqualTo("EARLY_REPORTS_BOUND");
        assertThat(state.positions().halted()).isTrue();
        // the newest are kept, in their order
        assertThat(state.earlyView().keySet()).containsExactly(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 4),
                IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 5), IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 6),
                IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 7));
    }

    @Test
    void earlyReportsOfOneIntentCountOneByOne() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        for (int leg = 0; leg <= MAX_EARLY; leg++) engine.onExecution(state, ExecutionReport.newBuilder(report(1)).setLegIndex(leg).build(), out);
        assertThat(state.earlyReports()).isEqualTo(MAX_EARLY);
        assertThat(out.rejectedReports).singleElement().extracting(ExecutionReport::getLegIndex).isEqualTo(0);
        assertThat(state.earlyView().get(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, 1))).extracting(ExecutionReport::getLegIndex)
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void aHaltForAnotherReasonIsSaidAgain() {
        DefaultInstrumentEngine engine = engine();
        EngineState state = engine.newState(INSTRUMENT);
        List<Integer> held = new ArrayList<>();
        RecordingOutput out = entryThenTicks(engine, state, MAX_HELD + 1, held);
        for (long seq = 10; seq <= 10 + MAX_EARLY; seq++) engine.onExecution(state, report(seq), out);
        assertThat(halts(out)).extracting(Signal::getReason).containsExactly("HELD_TICKS_BOUND", "EARLY_REPORTS_BOUND");
        assertThat(state.positions().haltReason()).isEqualTo("EARLY_REPORTS_BOUND");
    }
}
