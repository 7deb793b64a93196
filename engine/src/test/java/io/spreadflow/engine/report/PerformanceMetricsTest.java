package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerformanceMetricsTest {

    private static final long S = 1_000_000L;
    private static final BigDecimal CAPITAL = new BigDecimal("10000");

    /**
     * Four trades of 1000 notional each, capital 10 000, period [0 s, 1000 s]:
     * <pre>
     *   trade  entry  exit   pnl   fees  return r = pnl/1000
     *   T1       0     60   +20    1     +0.02
     *   T2     120    240   -30    1     -0.03
     *   T3     200    300   +10    1     +0.01   (overlaps T2)
     *   T4     500    600   -10    1     -0.01
     * </pre>
     * By hand:
     * <ul>
     *   <li>total −10 quote = −0.1 % of capital; 2 winners of 4 → win rate 0.5; average −2.5, worst −30, best +20; fees 4</li>
     *   <li>mean r = −0.01/4 = −0.0025; deviations +0.0225, −0.0275, +0.0125, −0.0075; squares sum 0.001475;
     *       sample std = √(0.001475/3) = 0.0221735578…; Sharpe = −0.0025/0.0221735578 = −0.1127469042</li>
     *   <li>downside: (0.03² + 0.01²)/4 = 0.00025, √ = 0.0158113883; Sortino = −0.0025/0.0158113883 = −0.1581138830</li>
     *   <li>equity by exit: 10000 → 10020 (peak) → 9990 → 10000 → 9990; max drawdown 30 = 30/10020 = 0.2994011976 %</li>
     *   <li>holding 60, 120, 100, 100 s → 95 s average</li>
     *   <li>exposure: union [0,60] ∪ [120,300] ∪ [500,600] = 60 + 180 + 100 = 340 s of 1000 s = 0.34</li>
     *   <li>annualised Sharpe = −0.1127469042 × √(4 / (1000 s / 31 557 600 s)) = −40.0577549148</li>
     * </ul>
     */
    @Test
    void shouldMatchHandComputedFiguresOfFourTrades() {
        List<Trade> trades = List.of(
                trade(200, 300, "10", 1.0),
                trade(0, 60, "20", 2.0),
                trade(500, 600, "-10", -1.0),
                trade(120, 240, "-30", -3.0));

        PerformanceMetrics m = PerformanceMetrics.of(trades, CAPITAL, 0, 1000 * S);

        assertThat(m.trades()).isEqualTo(4);
        assertThat(m.totalPnlQuote()).isEqualByComparingTo("-10");
        assertThat(m.totalPnlPct()).isCloseTo(-0.1, within(1e-12));
        assertThat(m.winningTrades()).isEqualTo(2);
        assertThat(m.winRate()).isEqualTo(0.5);
        assertThat(m.averageTradePnlQuote()).isEqualByComparingTo("-2.5");
        assertThat(m.worstTradePnlQuote()).isEqualByComparingTo("-30");
        assertThat(m.bestTradePnlQuote()).isEqualByComparingTo("20");
        assertThat(m.feesQuote()).isEqualByComparingTo("4");
        assertThat(m.sharpe()).isCloseTo(-0.1127469042, within(1e-9));
        assertThat(m.sortino()).isCloseTo(-0.1581138830, within(1e-9));
        assertThat(m.sharpeAnnualized()).isCloseTo(-40.0577549148, within(1e-7));
        assertThat(m.maxDrawdownQuote()).isEqualByComparingTo("30");
        assertThat(m.maxDrawdownPct()).isCloseTo(0.2994011976, within(1e-9));
        assertThat(m.averageHoldingSeconds()).isCloseTo(95.0, within(1e-12));
        assertThat(m.exposure()).isCloseTo(0.34, within(1e-12));
        assertThat(m.referencePnlPctSum()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void shouldDrawEquityInExitOrderWithRunningPeak() {
        EquityCurve curve = EquityCurve.of(List.of(
                trade(200, 300, "10", 1.0), trade(0, 60, "20", 2.0),
                trade(500, 600, "-10", -1.0), trade(120, 240, "-30", -3.0)), CAPITAL, 0);

        assertThat(curve.points()).extracting(EquityCurve.Point::timeUs).containsExactly(0L, 60 * S, 240 * S, 300 * S, 600 * S);
        assertThat(curve.points()).extracting(p -> p.equityQuote().toPlainString())
                .containsExactly("10000", "10020", "9990", "10000", "9990");
        assertThat(curve.points()).extracting(p -> p.drawdownQuote().toPlainString())
                .containsExactly("0", "0", "30", "20", "30");
    }

    @Test
    void shouldLeaveRatiosUndefinedWithoutEnoughTrades() {
        PerformanceMetrics none = PerformanceMetrics.of(List.of(), CAPITAL, 0, 10 * S);
        assertThat(none.trades()).isZero();
        assertThat(none.sharpe()).isNull();
        assertThat(none.sortino()).isNull();
        assertThat(none.maxDrawdownQuote()).isEqualByComparingTo("0");
        assertThat(none.exposure()).isZero();

        PerformanceMetrics oneWinner = PerformanceMetrics.of(List.of(trade(0, 5, "3", 0.3)), CAPITAL, 0, 10 * S);
        assertThat(oneWinner.sharpe()).as("one trade has no dispersion").isNull();
        assertThat(oneWinner.sortino()).as("no losing trade, no downside").isNull();
        assertThat(oneWinner.exposure()).isCloseTo(0.5, within(1e-12));
    }

    static Trade trade(long entryS, long exitS, String pnl, double pnlPct) {
        LinkedHashMap<String, Object> cols = new LinkedHashMap<>();
        cols.put("entry_time_us", entryS * S);
        cols.put("exit_time_us", exitS * S);
        cols.put("pnl_pct", pnlPct);
        return new Trade("LUNC-USDT", "rdn", entryS * S, exitS * S, cols,
                new BigDecimal(pnl), BigDecimal.ONE, new BigDecimal("1000"));
    }
}
