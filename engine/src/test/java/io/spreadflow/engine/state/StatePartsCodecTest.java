package io.spreadflow.engine.state;

import io.spreadflow.engine.BookPart;
import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instrument's engine state through its keyed parts: the market part, the book part and each open
 * position in its own versioned stored form. Assembled again, they give the state the whole stored form
 * gives (the same bytes) and the same future; a part of a later format version is refused.
 */
class StatePartsCodecTest {

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Writer w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        w.write(new DataOutputStream(b));
        return b.toByteArray();
    }

    static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    /** The state through its three stored parts, as the keyed state keeps them. */
    static EngineState throughParts(EngineState s) throws IOException {
        byte[] market = bytes(out -> MarketPartCodec.write(out, s.marketPart()));
        byte[] book = bytes(out -> new BookPartCodec().write(out, s.bookPart()));
        List<byte[]> positions = new ArrayList<>();
        for (PositionRecord p : s.positions().records()) positions.add(bytes(out -> PositionCodec.write(out, p)));
        MarketPart m = MarketPartCodec.read(in(market));
        BookPart b = new BookPartCodec().read(in(book));
        List<PositionRecord> open = new ArrayList<>();
        for (byte[] p : positions) open.add(PositionCodec.read(in(p)));
        assertThat(open).extracting(PositionRecord::id).containsExactly(box(b.openIds()));
        return EngineState.fromParts(m, b, open);
    }

    static Long[] box(long[] ids) {
        Long[] out = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }

    @Test
    void aStateWithPositionsWorkingLegsAndHeldTicksRestoresFromItsPartsToTheSameStateAndFuture() throws Exception {
        ServiceScenario scenario = ServiceScenario.upToSnapshot();
        EngineState state = scenario.state;
        assertThat(state.positions().openCount()).isEqualTo(2);
        assertThat(state.positions().hasWorkingLegs()).isTrue();
        assertThat(state.heldTicks()).isPositive();

        EngineState restored = throughParts(state);
        assertThat(EngineStateCodecTest.bytes(restored)).as("the whole stored form of the assembled state")
                .isEqualTo(EngineStateCodecTest.bytes(state));

        DefaultInstrumentEngine engine = scenario.engine;
        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        for (ExecutionReport r : scenario.secondEntryReports()) {
            engine.onExecution(state, r, a);
            engine.onExecution(restored, r, b);
        }
        for (BookTicker t : scenario.rest()) {
            engine.onTick(state, t, a);
            engine.onTick(restored, t, b);
        }
        assertThat(a.intents).isNotEmpty();
        assertThat(b.log).containsExactlyElementsOf(a.log);
    }

    @Test
    void thePartsShareTheStatesObjectsAndANewStateHasNoOpenPosition() {
        EngineState s = new DefaultInstrumentEngine(ServiceScenario.config(), new ThresholdStrategy()).newState(INSTRUMENT);
        assertThat(s.marketPart().board()).isSameAs(s.board());
        assertThat(s.bookPart().book()).isSameAs(s.positions());
        assertThat(s.bookPart().openIds()).isEmpty();
    }

    @Test
    void partsOfALaterFormatVersionAreRefusedWithTheVersion() throws Exception {
        EngineState s = new DefaultInstrumentEngine(ServiceScenario.config(), new ThresholdStrategy()).newState(INSTRUMENT);
        byte[] market = bytes(out -> MarketPartCodec.write(out, s.marketPart()));
        market[3] = (byte) (MarketPartCodec.CURRENT + 1);
        assertThatThrownBy(() -> MarketPartCodec.read(in(market))).isInstanceOf(IOException.class)
                .hasMessageContaining("market state of format version " + (MarketPartCodec.CURRENT + 1));
        byte[] book = bytes(out -> new BookPartCodec().write(out, s.bookPart()));
        book[3] = (byte) (BookPartCodec.CURRENT + 1);
        assertThatThrownBy(() -> new BookPartCodec().read(in(book))).isInstanceOf(IOException.class)
                .hasMessageContaining("book state of format version " + (BookPartCodec.CURRENT + 1));
        PositionRecord p = ServiceScenario.upToSnapshot().state.positions().position(1);
        byte[] position = bytes(out -> PositionCodec.write(out, p));
        position[3] = (byte) (PositionCodec.CURRENT + 1);
        assertThatThrownBy(() -> PositionCodec.read(in(position))).isInstanceOf(IOException.class)
                .hasMessageContaining("position of format version " + (PositionCodec.CURRENT + 1));
    }
}
