package com.example.basis;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.state.EngineStateCodec;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's strategy, loaded from its own jar, gets its state stored and restored with no code of its
 * own: the state class is found through the context class loader, as Flink sets it to the job's jar.
 */
class UserStrategyStateTest {

    @TempDir
    static Path dir;

    @Test
    void theStateOfAStrategyFromAUserJarRestoresThroughTheJobsClassLoaderAndContinuesIdentically() throws IOException {
        try (URLClassLoader jar = UserJar.open(UserJar.build(dir))) {
            StrategyRegistry registry = StrategyRegistry.load(jar);
            StrategyConfig config = new StrategyConfigLoader(registry).parse("""
                    strategy: basis
                    params: {ewma_alpha: 0.5, entry_z: 1.5, exit_z: 0.0, stop_loss_pct: 0.3,
                             max_holding_hours: 0.0028, warmup_rows: 4}
                    venues: {spot: [mexc-spot], futures: gateio-futures}
                    bar-seconds: 1
                    fees:
                      mexc-spot: {taker: 0.001}
                      gateio-futures: {taker: 0.001}
                    """, "synthetic.yaml", ConfigOverrides.none());
            DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config, registry.get("basis"));
            double[] gross = {0.10, 0.30, 0.10, 0.30, 0.20, 0.50, 0.45, 0.38, 0.30, 0.90, 1.25, 1.00, 1.00, 0.10, 0.08, 0.06};
            List<BookTicker> ticks = BasisReversionReplayTest.synthetic(gross);
            EngineState original = engine.newState("TEST-USDT");
            Replay before = new Replay();
            for (BookTicker t : ticks.subList(0, 12)) engine.onTick(original, t, before);
            assertThat(original.strategyState().getClass().getClassLoader()).isSameAs(jar);

            ByteArrayOutputStream b = new ByteArrayOutputStream();
            new EngineStateCodec().write(new DataOutputStream(b), original);
            byte[] stored = b.toByteArray();

            assertThatThrownBy(() -> new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(stored))))
                    .as("without the job's class loader the class is not found, and the message says which")
                    .isInstanceOf(IOException.class).hasMessageContaining("BasisReversionStrategy$State");

            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            EngineState restored;
            thread.setContextClassLoader(jar);
            try {
                restored = new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(stored)));
            } finally {
                thread.setContextClassLoader(previous);
            }
            assertThat(restored.strategyState().getClass()).isSameAs(original.strategyState().getClass());

            Replay a = new Replay();
            Replay c = new Replay();
            for (BookTicker t : ticks.subList(12, ticks.size())) {
                engine.onTick(original, t, a);
                engine.onTick(restored, t, c);
            }
            engine.onEndOfInput(original, a);
            engine.onEndOfInput(restored, c);
            assertThat(a.signals).isNotEmpty();
            assertThat(c.signals).isEqualTo(a.signals);
            assertThat(c.intents).isEqualTo(a.intents);
            assertThat(new ArrayList<>(c.trades)).isEqualTo(a.trades);
        }
    }
}
