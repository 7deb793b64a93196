package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.report.PerformanceMetrics;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepRankingTest {

    private static final long S = 1_000_000L;
    private static final BigDecimal CAPITAL = new BigDecimal("10000");

    @Test
    void shouldExpandAThreeByThreeGridFirstKeySlowest() {
        ParameterGrid g = ParameterGrid.parse(List.of("entry_spread_threshold=-0.3,-0.4,-0.5", "exit_spread_threshold=-0.1,-0.12,-0.15"));

        List<Map<String, String>> c = g.combinations();

        assertThat(c).hasSize(9);
        assertThat(c.get(0)).containsExactly(Map.entry("entry_spread_threshold", "-0.3"), Map.entry("exit_spread_threshold", "-0.1"));
        assertThat(c.get(1)).containsEntry("exit_spread_threshold", "-0.12").containsEntry("entry_spread_threshold", "-0.3");
        assertThat(c.get(8)).containsEntry("entry_spread_threshold", "-0.5").containsEntry("exit_spread_threshold", "-0.15");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("x"))).hasMessageContaining("--grid expects key=v1,v2");
    }

    @Test
    void shouldRankByMetricWithSmallerDrawdownFirstAndUndefinedLast() {
        SweepRanking.Row a = row(0, List.of(trade(0, 10, "5"), trade(20, 30, "-20")));   // total -15, dd 20
        SweepRanking.Row b = row(1, List.of(trade(0, 10, "8"), trade(20, 30, "2")));     // total 10, dd 0
        SweepRanking.Row c = row(2, List.of());                                          // total 0, sharpe undefined

        assertThat(SweepRanking.rank(List.of(a, b, c), "total_pnl_quote")).extracting(SweepRanking.Row::set).containsExactly(1, 2, 0);
        assertThat(SweepRanking.rank(List.of(a, b, c), "max_drawdown_quote")).extracting(SweepRanking.Row::set).containsExactly(1, 2, 0);
        assertThat(SweepRanking.rank(List.of(c, a, b), "sharpe")).extracting(SweepRanking.Row::set).containsExactly(1, 0, 2);
    }

    /**
     * Period [0, 300 s], 2 folds → segments [0,100), [100,200), [200,300]. Set 0 wins 10 in segment 0 and
     * loses 5 in segment 1; set 1 wins 1 in segment 0 and 7 in segment 1, and 3 in segment 2.
     * Fold 1 picks set 0 on segment 0 (10 > 1) and reports its segment-1 result −5; fold 2 picks set 1 on
     * segment 1 (7 > −5) and reports its segment-2 result +3.
     */
    @Test
    void shouldPickTheBestSetInSampleAndReportItOutOfSampleOneRowPerFold() {
        List<List<Trade>> bySet = List.of(
                List.of(trade(10, 50, "10"), trade(110, 150, "-5")),
                List.of(trade(10, 60, "1"), trade(120, 160, "7"), trade(210, 250, "3")));
        List<Map<String, String>> params = List.of(Map.of("k", "a"), Map.of("k", "b"));

        List<SweepRanking.Fold> folds = SweepRanking.walkForward(bySet, params, 2, 0, 300 * S, CAPITAL, "total_pnl_quote");

        assertThat(folds).hasSize(2);
        assertThat(folds.get(0).bestSet()).isEqualTo(0);
        assertThat(folds.get(0).inSample().totalPnlQuote()).isEqualByComparingTo("10");
        assertThat(folds.get(0).outOfSample().totalPnlQuote()).isEqualByComparingTo("-5");
        assertThat(folds.get(1).bestSet()).isEqualTo(1);
        assertThat(folds.get(1).inSample().totalPnlQuote()).isEqualByComparingTo("7");
        assertThat(folds.get(1).outOfSample().totalPnlQuote()).isEqualByComparingTo("3");
        assertThat(folds.get(1).outOfSample().trades()).isEqualTo(1);
    }

    @Test
    void shouldAddAHeatMapToTheSweepPageOnlyWhenTwoParametersVary() {
        List<String> keys = List.of("entry", "exit");
        List<SweepRanking.Row> two = List.of(
                new SweepRanking.Row(0, Map.of("entry", "-0.3", "exit", "-0.1"), PerformanceMetrics.of(List.of(trade(0, 10, "5")), CAPITAL, 0, 100 * S)),
                new SweepRanking.Row(1, Map.of("entry", "-0.5", "exit", "-0.2"), PerformanceMetrics.of(List.of(), CAPITAL, 0, 100 * S)));
        List<SweepRanking.Row> one = List.of(
                new SweepRanking.Row(0, Map.of("entry", "-0.3", "exit", "-0.1"), PerformanceMetrics.of(List.of(), CAPITAL, 0, 100 * S)),
                new SweepRanking.Row(1, Map.of("entry", "-0.5", "exit", "-0.1"), PerformanceMetrics.of(List.of(), CAPITAL, 0, 100 * S)));

        assertThat(SweepRanking.html("t", "total_pnl_quote", two, keys, List.of())).contains("<section id=\"heat-map\"", "id=\"hm-data\"");
        assertThat(SweepRanking.html("t", "total_pnl_quote", one, keys, List.of())).doesNotContain("heat-map");
    }

    private static SweepRanking.Row row(int set, List<Trade> trades) {
        return new SweepRanking.Row(set, Map.of("k", "v" + set), PerformanceMetrics.of(trades, CAPITAL, 0, 100 * S));
    }

    private static Trade trade(long entryS, long exitS, String pnl) {
        return new Trade("LUNC-USDT", "rdn", entryS * S, exitS * S, new LinkedHashMap<>(),
                new BigDecimal(pnl), BigDecimal.ZERO, new BigDecimal("1000"));
    }
}
