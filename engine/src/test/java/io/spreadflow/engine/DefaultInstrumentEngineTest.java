package io.spreadflow.engine;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultInstrumentEngineTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long MS = 1_000L;

    private static StrategyConfigBuilder config() {
        return StrategyConfig.builder(ThresholdStrategy.ID).instrument(INSTRUMENT).venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0).param("exit_above", 0.0);
    }

    @Test
    void badTicksGoToTheDeadLetterOutputWithAReasonAndChangeNothing() {
        DefaultInstrumentEngine e = new DefaultInstrumentEngine(config().build(), new ThresholdStrategy());
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        e.onTick(s, tick(SPOT, T0, 100, 100.1), out);
        e.onTick(s, tick("binance-spot", T0 + 1, 100, 100.1), out);
        e.onTick(s, tick(FUT, T0 + 2, 101, 100), out);
        e.onTick(s, tick(FUT, T0 + 3, Double.NaN, 100), out);
        e.onTick(s, tick(SPOT, T0 - 1, 100, 100.1), out);
        e.onTick(s, tick(FUT, T0 + Duration.ofHours(2).toNanos() / 1000, 99, 99.1), out);
        var other = io.spreadflow.schemas.BookTicker.newBuilder(tick(FUT, T0 + 4, 99, 99.1)).setInstrument("BTC-USDT").build();
        e.onTick(s, other, out);
        assertThat(out.rejections).hasSize(6);
        assertThat(out.rejections.get(0)).startsWith("UNKNOWN_VENUE").contains("binance-spot");
        assertThat(out.rejections.get(1)).startsWith("CROSSED_BOOK");
        assertThat(out.rejections.get(2)).startsWith("NON_FINITE_PRICE");
        assertThat(out.rejections.get(3)).startsWith("OUT_OF_ORDER");
        assertThat(out.rejections.get(4)).startsWith("TIME_OUT_OF_RANGE");
        assertThat(out.rejections.get(5)).startsWith("WRONG_INSTRUMENT");
        assertThat(s.rows()).isZero();
        assertThat(s.board().has(s.board().indexOf(FUT))).isFalse();
    }

    @Test
    void serviceModeEmitsIntentsButNoFills() {
        StrategyConfig c = config().execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)).build();
        DefaultInstrumentEngine e = new DefaultInstrumentEngine(c, new ThresholdStrategy());
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        e.onTick(s, tick(SPOT, T0, 100, 100.1), out);
        e.onTick(s, tick(FUT, T0 + 1, 98, 98.1), out);
        assertThat(out.intents).hasSize(1);
        assertThat(out.executions).isEmpty();
        assertThat(s.pending().isEmpty()).isTrue();
    }

    @Test
    void inJobFillsUseTheFirstBookOfTheVenueAtOrAfterDecisionPlusLatency() {
        StrategyConfig c = config().execution(StrategyConfig.ExecutionSettings.DEFAULT.withFillLatency(Duration.ofMillis(300))).build();
        DefaultInstrumentEngine e = new DefaultInstrumentEngine(c, new ThresholdStrategy());
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        e.onTick(s, tick(SPOT, T0, 100, 100.1), out);
        e.onTick(s, tick(FUT, T0 + 100 * MS, 98, 98.1), out);
        OrderIntent entry = out.intents.get(0);
        assertThat(entry.getEventTsUs()).isEqualTo(T0 + 100 * MS);
        assertThat(out.executions).isEmpty();
        e.onTick(s, tick(SPOT, T0 + 399 * MS, 100.2, 100.3), out);
        assertThat(out.executions).as("a book before decision + latency does not fill").isEmpty();
        e.onTick(s, tick(SPOT, T0 + 400 * MS, 100.4, 100.5), out);
        e.onTick(s, tick(FUT, T0 + 450 * MS, 98.2, 98.3), out);
        assertThat(out.executions).extracting(ExecutionReport::getStatus).containsExactly(ExecutionStatus.FILLED, ExecutionStatus.FILLED);
        assertThat(out.executions.get(0).getAvgPrice()).isEqualTo(100.5);
        assertThat(out.executions.get(0).getFillEventTsUs()).isEqualTo(T0 + 400 * MS);
        assertThat(out.executions.get(1).getAvgPrice()).isEqualTo(98.2);
        assertThat(s.positions().positions()).singleElement().satisfies(p ->
                assertThat(p.state()).isEqualTo(io.spreadflow.engine.signal.PositionState.OPEN));
        // long spot marked at its bid, short futures at its ask: the round trip the book would allow now
        double q = entry.getLegs().get(0).getQuantity();
        java.math.BigDecimal bq = java.math.BigDecimal.valueOf(q);
        java.math.BigDecimal expected = bq.multiply(java.math.BigDecimal.valueOf(98.2)).subtract(bq.multiply(java.math.BigDecimal.valueOf(100.5)))
                .add(bq.multiply(java.math.BigDecimal.valueOf(100.4))).subtract(bq.multiply(java.math.BigDecimal.valueOf(98.3)));
        assertThat(s.unrealizedPnl()).isEqualByComparingTo(expected);
    }

    @Test
    void everyTickIsARowWhenQuotesAreLiveAndStaleOnesTakeNoPart() {
        StrategyConfig c = config().staleAfter(Duration.ofSeconds(1)).param("enter_below", -50.0).build();
        DefaultInstrumentEngine e = new DefaultInstrumentEngine(c, new ThresholdStrategy());
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        e.onTick(s, tick(SPOT, T0, 100, 100.1), out);
        assertThat(s.rows()).isZero();
        e.onTick(s, tick(FUT, T0 + 500 * MS, 99, 99.1), out);
        e.onTick(s, tick(FUT, T0 + 1000 * MS, 99, 99.1), out);
        assertThat(s.rows()).isEqualTo(2);
        e.onTick(s, tick(FUT, T0 + 1001 * MS, 99, 99.1), out);
        assertThat(s.rows()).as("spot quote is stale").isEqualTo(2);
        e.onTick(s, tick(SPOT, T0 + 1002 * MS, 100, 100.1), out);
        assertThat(s.rows()).isEqualTo(3);
    }

    @Test
    void createsTheEngineFromTheRegistryById() {
        StrategyConfig c = StrategyConfig.builder("svh").venues(List.of(SPOT), FUT).barSeconds(5).build();
        InstrumentEngine e = InstrumentEngine.of(c);
        assertThat(e.newState(INSTRUMENT).instrument()).isEqualTo(INSTRUMENT);
    }
}
