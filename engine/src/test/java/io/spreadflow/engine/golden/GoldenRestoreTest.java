package io.spreadflow.engine.golden;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.state.EngineStateCodec;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reference strategy (rdn, svh, inv) on its golden case: a run whose state goes through its stored
 * form and back every few thousand ticks says exactly what an uninterrupted run says.
 */
class GoldenRestoreTest {

    static List<GoldenCase> cases() {
        return GoldenCase.all();
    }

    private static EngineState throughStoredForm(EngineStateCodec codec, EngineState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        codec.write(new DataOutputStream(b), s);
        return codec.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRunRestoredEveryFewThousandTicksSaysWhatAnUninterruptedRunSays(GoldenCase gc) throws Exception {
        List<BookTicker> ticks = gc.ticks();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(gc.config(), StrategyRegistry.load().get(gc.config().strategyId()));
        String instrument = ticks.get(0).getInstrument();
        EngineState straight = engine.newState(instrument);
        EngineState restored = engine.newState(instrument);
        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        EngineStateCodec codec = new EngineStateCodec();
        int every = Math.max(1, ticks.size() / 7);
        int restores = 0;
        for (int i = 0; i < ticks.size(); i++) {
            engine.onTick(straight, ticks.get(i), a);
            engine.onTick(restored, ticks.get(i), b);
            if (i % every == every - 1) {
                restored = throughStoredForm(codec, restored);
                restores++;
            }
        }
        engine.onEndOfInput(straight, a);
        engine.onEndOfInput(restored, b);
        assertThat(restores).isGreaterThanOrEqualTo(7);
        assertThat(a.log).as("the case decides something").isNotEmpty();
        assertThat(b.log).containsExactlyElementsOf(a.log);
    }
}
