package io.spreadflow.engine.state;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.SchemaCatalogue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes of format 1, written by the code of that format ({@link ServiceScenario#main}), read with the
 * current code: the field format 2 added takes its default, and the restored state goes on exactly as the
 * current code's own state of the same scenario.
 */
class OlderFormatTest {

    static byte[] format1() throws IOException {
        try (InputStream in = OlderFormatTest.class.getResourceAsStream("/state/format-1/service-scenario.bin")) {
            assertThat(in).as("the format-1 fixture").isNotNull();
            return in.readAllBytes();
        }
    }

    static double exitLeft(PositionRecord p) throws ReflectiveOperationException {
        Field f = PositionRecord.class.getDeclaredField("exitLeft");
        f.setAccessible(true);
        return f.getDouble(p);
    }

    @Test
    void aFormatOneStateRestoresWithTheLaterFieldsDefaultAndContinuesAsTheCurrentCodesOwn() throws Exception {
        byte[] old = format1();
        assertThat(new DataInputStream(new ByteArrayInputStream(old)).readInt()).isEqualTo(1);
        // the fixture's held ticks and reports were written with the first released record schemas; a restore
        // names them, as a Flink snapshot does (InstrumentStateSerializer keeps the writer schemas)
        SchemaCatalogue catalogue = SchemaCatalogue.shipped();
        EngineState restored = new EngineStateCodec(catalogue.byId("io.spreadflow.schemas.BookTicker@1").orElseThrow().schema(),
                catalogue.byId("io.spreadflow.schemas.ExecutionReport@1").orElseThrow().schema())
                .read(new DataInputStream(new ByteArrayInputStream(old)));

        ServiceScenario now = ServiceScenario.upToSnapshot();
        assertThat(restored.positions().records()).extracting(PositionRecord::id, PositionRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, PositionState.OPEN),
                        org.assertj.core.groups.Tuple.tuple(2L, PositionState.ENTERING));
        assertThat(restored.positions().position(2).legs()).hasSize(2).allMatch(LegRecord::working);
        assertThat(restored.heldTicks()).isEqualTo(now.state.heldTicks()).isPositive();
        assertThat(restored.bars().isOpen()).isTrue();
        for (PositionRecord p : restored.positions().records()) {
            assertThat(exitLeft(p)).as("added in format 2: a fresh position's value").isEqualTo(Double.POSITIVE_INFINITY);
        }
        assertThat(restored.positions().runEpoch()).as("added in format 3: no epoch, ids keep their form").isZero();

        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        for (ExecutionReport r : now.secondEntryReports()) {
            now.engine.onExecution(now.state, r, a);
            now.engine.onExecution(restored, r, b);
        }
        for (BookTicker t : now.rest()) {
            now.engine.onTick(now.state, t, a);
            now.engine.onTick(restored, t, b);
        }
        now.engine.onEndOfInput(now.state, a);
        now.engine.onEndOfInput(restored, b);
        assertThat(a.intents).hasSizeGreaterThan(2);
        assertThat(b.log).containsExactlyElementsOf(a.log);

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new EngineStateCodec().write(new DataOutputStream(again), restored);
        assertThat(new DataInputStream(new ByteArrayInputStream(again.toByteArray())).readInt())
                .as("written back in the current format").isEqualTo(EngineStateCodec.CURRENT).isEqualTo(3);
    }
}
