package io.spreadflow.engine.golden;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every golden case reproduced through the whole engine (quote board, bars, spreads, indicators,
 * strategy, state machine, in-job fills): the same trade rows in the same order, times, ids and labels
 * exact, numbers within 1e-9 relative, and the case's number of bar rows.
 */
class GoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> reproducesEveryGoldenCase() {
        return GoldenCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    /**
     * The reference rows do not depend on how orders fill: with fill latency, fills capped by the
     * displayed size (partial fills, repairs, retries) and fees, every case still yields exactly its
     * rows in its order, each with the quote P&L its fills booked.
     */
    @TestFactory
    Stream<DynamicTest> reproducesEveryGoldenCaseUnderRealisticExecution() {
        return GoldenCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            StrategyConfigBuilder b = c.config().toBuilder().execution(StrategyConfig.ExecutionSettings.DEFAULT
                    .withFillLatency(Duration.ofMillis(300)).withWalkBook(false));
            for (String v : c.config().venues().all()) b.fee(v, StrategyConfig.VenueFees.of("0.0002", "0.0005"));
            check(c, b.build());
        }));
    }

    private static void check(GoldenCase c) throws Exception {
        check(c, c.config());
    }

    private static void check(GoldenCase c, StrategyConfig config) throws Exception {
        List<BookTicker> ticks = c.ticks();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config,
                io.spreadflow.engine.strategy.StrategyRegistry.load().get(config.strategyId()));
        String instrument = ticks.get(0).getInstrument();
        EngineState state = engine.newState(instrument);
        RecordingOutput out = new RecordingOutput();
        for (BookTicker t : ticks) engine.onTick(state, t, out);
        engine.onEndOfInput(state, out);

        assertThat(out.rejections).as("rejected ticks").isEmpty();
        assertThat(state.rows()).as("bar rows").isEqualTo(c.json().get("expected").get("bar_rows").asLong());

        int rows = c.assertReproducedBy(out.trades);
        assertThat(rows).isEqualTo(c.json().get("expected").get("trades").asInt());
        for (int i = 0; i < rows; i++) {
            assertThat(out.trades.get(i).pnlQuote()).as("booked P&L of trade %d", i).isNotNull();
        }
        // every position the reference closed is flat in the framework too: nothing left open or pending
        assertThat(state.positions().openCount()).as("positions left open").isZero();
        assertThat(state.pending().isEmpty()).as("orders left waiting").isTrue();
    }
}
