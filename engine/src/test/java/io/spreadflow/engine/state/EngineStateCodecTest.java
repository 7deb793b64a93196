package io.spreadflow.engine.state;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instrument's whole engine state through its versioned stored form: a state with open positions,
 * working legs, held ticks, early reports and a partial bar restores to the same bytes and, fed the
 * same input, says exactly what the original says.
 */
class EngineStateCodecTest {

    private static final long T0 = ServiceScenario.T0;

    static byte[] bytes(EngineState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new EngineStateCodec().write(new DataOutputStream(b), s);
        return b.toByteArray();
    }

    static EngineState restore(byte[] b) throws IOException {
        return new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(b)));
    }

    @Test
    void aStateWithPositionsWorkingLegsHeldTicksAndAPartialBarRestoresToTheSameBytesAndTheSameFuture() throws Exception {
        ServiceScenario scenario = ServiceScenario.upToSnapshot();
        DefaultInstrumentEngine engine = scenario.engine;
        EngineState state = scenario.state;
        RecordingOutput out = scenario.out;
        assertThat(out.intents).hasSize(2);
        assertThat(state.positions().openCount()).isEqualTo(2);
        assertThat(state.positions().hasWorkingLegs()).isTrue();
        assertThat(state.heldTicks()).isPositive();
        assertThat(state.bars().isOpen()).isTrue();
        assertThat(state.ledger().baseView()).isNotEmpty();

        byte[] stored = bytes(state);
        EngineState restored = restore(stored);
        assertThat(bytes(restored)).isEqualTo(stored);
        assertThat(restored.instrument()).isEqualTo(INSTRUMENT);
        assertThat(restored.heldTicks()).isEqualTo(state.heldTicks());
        assertThat(restored.positions().records()).extracting(PositionRecord::id, PositionRecord::state)
                .containsExactlyElementsOf(state.positions().records().stream().map(p -> org.assertj.core.groups.Tuple.tuple(p.id(), p.state())).toList());
        assertThat(restored.positions().position(2).legs()).extracting(LegRecord::intentId, LegRecord::status)
                .containsExactlyElementsOf(state.positions().position(2).legs().stream().map(l -> org.assertj.core.groups.Tuple.tuple(l.intentId(), l.status())).toList());
        assertThat(restored.positions().realizedPnl()).isEqualTo(state.positions().realizedPnl());
        assertThat(restored.ledger().baseView()).isEqualTo(state.ledger().baseView());
        assertThat(restored.rows()).isEqualTo(state.rows());

        // the same future: the second entry's reports, then the rest of the market with an exit
        List<ExecutionReport> second = scenario.secondEntryReports();
        List<BookTicker> rest = scenario.rest();
        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        for (ExecutionReport r : second) {
            engine.onExecution(state, r, a);
            engine.onExecution(restored, r, b);
        }
        for (BookTicker t : rest) {
            engine.onTick(state, t, a);
            engine.onTick(restored, t, b);
        }
        engine.onEndOfInput(state, a);
        engine.onEndOfInput(restored, b);
        assertThat(a.intents).as("the future sends the exits").extracting(OrderIntent::getPurpose).contains(io.spreadflow.schemas.IntentPurpose.EXIT);
        assertThat(b.log).containsExactlyElementsOf(a.log);
    }

    @Test
    void earlyReportsRestoreAndApplyWhenTheirIntentIsSent() throws Exception {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(ServiceScenario.config(), new ThresholdStrategy());
        List<BookTicker> ticks = ServiceScenario.market(T0, 3, 98.0);
        EngineState first = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        engine.onTick(first, ticks.get(0), out);
        byte[] beforeEntry = bytes(first);
        int i = 1;
        while (out.intents.isEmpty()) engine.onTick(first, ticks.get(i++), out);
        List<ExecutionReport> reports = ServiceScenario.fill(out.intents.get(0), ticks.subList(0, i));

        EngineState replay = restore(beforeEntry);
        for (ExecutionReport r : reports) engine.onExecution(replay, r, new RecordingOutput());
        assertThat(replay.earlyReports()).isEqualTo(reports.size());
        EngineState restored = restore(bytes(replay));
        assertThat(restored.earlyReports()).isEqualTo(reports.size());
        assertThat(restored.earlyView().values().iterator().next()).containsExactlyElementsOf(replay.earlyView().values().iterator().next());

        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        for (BookTicker t : ticks.subList(1, ticks.size())) {
            engine.onTick(replay, t, a);
            engine.onTick(restored, t, b);
        }
        assertThat(restored.earlyReports()).isZero();
        assertThat(restored.positions().position(1).legs()).allMatch(l -> !l.working());
        assertThat(b.log).containsExactlyElementsOf(a.log);
    }

    @Test
    void bytesOfALaterFormatVersionAreRefusedWithTheVersion() throws Exception {
        EngineState s = new DefaultInstrumentEngine(ServiceScenario.config(), new ThresholdStrategy()).newState(INSTRUMENT);
        byte[] b = bytes(s);
        b[3] = (byte) (EngineStateCodec.CURRENT + 1);
        assertThatThrownBy(() -> restore(b)).isInstanceOf(IOException.class)
                .hasMessageContaining("format version " + (EngineStateCodec.CURRENT + 1));
    }

    @Test
    void damagedBytesEndInAnIOExceptionNotAnError() throws Exception {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(ServiceScenario.config(), new ThresholdStrategy());
        EngineState s = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        for (BookTicker t : ServiceScenario.market(T0, 2, 98.0)) engine.onTick(s, t, out);
        byte[] b = bytes(s);
        assertThatThrownBy(() -> restore(Arrays.copyOf(b, b.length / 2))).isInstanceOf(EOFException.class);
        // a count that claims two billion entries
        byte[] huge = b.clone();
        int at = 4; // the instrument's length
        huge[at] = 0x7f;
        assertThatThrownBy(() -> restore(huge)).isInstanceOf(IOException.class).hasMessageContaining("damaged state");
    }
}
