package io.spreadflow.engine.accounting;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.PerformanceMetrics;
import io.spreadflow.schemas.Signal;
import org.junit.jupiter.api.Test;

import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Funding on a perpetual position, checked by hand: a position short 10 on the perpetual receives a
 * positive rate and pays a negative one, on the perpetual's mid at the funding time; the payments are
 * part of the trade's booked P&amp;L, the ledger and the metrics.
 */
class FundingTest {

    private static final long S = 1_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    @Test
    void shouldBookFundingOnTheShortPerpetualLegIntoTheTradeAndTheMetrics() {
        FundingSchedule schedule = FundingSchedule.of(List.of(
                new FundingRate(FUT, INSTRUMENT, T0 + 20 * S, new BigDecimal("0.0001")),
                new FundingRate(FUT, INSTRUMENT, T0 + 40 * S, new BigDecimal("-0.0003")),
                // after the position closed: nothing to pay
                new FundingRate(FUT, INSTRUMENT, T0 + 60 * S, new BigDecimal("0.0005")),
                // another perpetual and another instrument: not this position's
                new FundingRate("binance-usdm", INSTRUMENT, T0 + 20 * S, new BigDecimal("0.01")),
                new FundingRate(FUT, "BTC-USDT", T0 + 20 * S, new BigDecimal("0.01"))));
        StrategyConfig cfg = StrategyConfig.builder(ThresholdStrategy.ID)
                .venues(List.of(SPOT), FUT)
                .params(Map.of("enter_below", -1.0, "exit_above", 0.0, "max_stack", 1))
                .build();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(cfg, new ThresholdStrategy(), schedule);
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();

        // entry: spread (98 − 100)/98 = −2.04 %: 1000 quote at the spot ask 100 = 10 units,
        // bought at 100 on spot, sold at 98 on the perpetual
        engine.onTick(state, tick(FUT, T0, 98.0, 98.2), out);
        engine.onTick(state, tick(SPOT, T0 + 1, 99.9, 100.0), out);
        // the perpetual's last quote before both funding times: mid (99 + 99.2)/2 = 99.1
        engine.onTick(state, tick(FUT, T0 + 10 * S, 99.0, 99.2), out);
        // funding 1 at T0+20 s, rate +0.0001, short 10: receives 10 × 99.1 × 0.0001 = 0.0991
        engine.onTick(state, tick(SPOT, T0 + 30 * S, 99.9, 100.0), out);
        assertThat(state.ledger().funding()).isEqualByComparingTo("0.0991");
        // funding 2 at T0+40 s, rate −0.0003: pays 10 × 99.1 × 0.0003 = 0.2973; then the spread
        // (100.5 − 100)/100.5 > 0 closes it: spot sold at 99.9, perpetual bought back at 100.7
        engine.onTick(state, tick(FUT, T0 + 50 * S, 100.5, 100.7), out);
        engine.onTick(state, tick(FUT, T0 + 70 * S, 100.5, 100.7), out);
        engine.onEndOfInput(state, out);

        assertThat(out.trades).hasSize(1);
        Trade t = out.trades.get(0);
        // prices: spot 10 × (99.9 − 100) = −1.0; perpetual 10 × (98 − 100.7) = −27.0; funding 0.0991 − 0.2973
        assertThat(t.fundingQuote()).isEqualByComparingTo("-0.1982");
        assertThat(t.pnlQuote()).isEqualByComparingTo("-28.1982");
        assertThat(t.feesQuote()).isEqualByComparingTo("0");
        assertThat(state.ledger().funding()).isEqualByComparingTo("-0.1982");
        assertThat(state.ledger().quote(FUT)).as("perpetual balance: 980 sold − 1007 bought + funding")
                .isEqualByComparingTo("-27.1982");

        List<Signal> funding = out.signals.stream().filter(s -> s.getReason().toString().startsWith("FUNDING")).toList();
        assertThat(funding).hasSize(2);
        assertThat(funding.get(0).getEventTsUs()).isEqualTo(T0 + 20 * S);
        assertThat(funding.get(0).getIndicators().get("mark_price")).isEqualTo(99.1);
        assertThat(funding.get(1).getIndicators().get("funding_quote")).isEqualTo(-0.2973);

        PerformanceMetrics m = PerformanceMetrics.of(out.trades, new BigDecimal("10000"), T0, T0 + 70 * S);
        assertThat(m.fundingQuote()).isEqualByComparingTo("-0.1982");
        assertThat(m.totalPnlQuote()).isEqualByComparingTo("-28.1982");
        assertThat(m.asMap()).containsEntry("funding_quote", new BigDecimal("-0.1982"));
    }

    @Test
    void shouldMakeALongPerpetualPayAPositiveRate() {
        FundingSchedule schedule = FundingSchedule.of(List.of(new FundingRate(FUT, INSTRUMENT, T0 + 5 * S, new BigDecimal("0.001"))));
        StrategyConfig cfg = StrategyConfig.builder(LongPerpetual.ID).venues(List.of(SPOT), FUT).build();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(cfg, new LongPerpetual(), schedule);
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        // 1000 quote at the spot bid 100 = 10 units: spot sold at 100, perpetual bought at 100.2
        engine.onTick(state, tick(FUT, T0, 100.0, 100.2), out);
        engine.onTick(state, tick(SPOT, T0 + 1, 100.0, 100.1), out);
        // funding at T0+5 s, rate +0.001, long 10 at mid 100.1: pays 10 × 100.1 × 0.001 = 1.001
        engine.onTick(state, tick(SPOT, T0 + 10 * S, 100.0, 100.1), out);

        assertThat(state.ledger().base(FUT)).isEqualByComparingTo("10");
        assertThat(state.ledger().funding()).isEqualByComparingTo("-1.001");
        assertThat(state.positions().position(1).funding()).isEqualByComparingTo("-1.001");
    }

    /** Sells spot A and buys the perpetual once, and holds. */
    public static final class LongPerpetual implements SignalStrategy<LongPerpetual.State> {
        static final String ID = "long-perpetual";

        /** Whether the one position was opened. */
        public static final class State implements Serializable {
            boolean entered;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }

        @Override
        public State initialState(StrategyConfig config) {
            return new State();
        }

        @Override
        public Decision onMarket(State st, MarketView m, PositionView positions) {
            if (st.entered) return Decision.HOLD;
            st.entered = true;
            return Decision.of(Decision.Action.enter(1, "LONG_PERPETUAL", List.of(
                    Decision.Leg.sell(m.venues().spotA(), m.spotBid(0)), Decision.Leg.buy(m.venues().futures(), m.futuresAsk())),
                    Double.NaN, Map.of()));
        }
    }

    @Test
    void shouldRefuseTwoRatesForTheSameFundingTime() {
        assertThatThrownBy(() -> FundingSchedule.of(List.of(
                new FundingRate(FUT, INSTRUMENT, T0, new BigDecimal("0.0001")),
                new FundingRate(FUT, INSTRUMENT, T0, new BigDecimal("0.0002")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two funding rates for gateio-futures LUNC-USDT");
    }
}
