package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of a backtest, computed from its closed trades.
 *
 * <p>Definitions (chosen so that a reader can recompute every figure by hand):
 * <ul>
 *   <li>A trade's booked P&amp;L is {@link Trade#pnlQuote()} (fill prices, quantities and fees of the
 *       fill model); a trade without one counts as 0.</li>
 *   <li>Trade return {@code r = pnlQuote / notionalQuote}; a trade without notional uses the capital.</li>
 *   <li>Sharpe = mean(r) / sample std(r) (divisor n−1), per trade, not annualised; undefined (null)
 *       with fewer than two trades or zero dispersion. The annualised form multiplies by
 *       √(trades per year of the backtest period).</li>
 *   <li>Sortino = mean(r) / downside deviation, downside deviation = √(Σ min(r,0)² / n); undefined
 *       when no trade lost.</li>
 *   <li>Equity = capital + cumulative booked P&amp;L at each exit (realised); max drawdown is the
 *       largest fall from a running peak, in quote and in percent of that peak.</li>
 *   <li>Exposure = share of the period [start, end] covered by at least one open position.</li>
 *   <li>Win rate = trades with booked P&amp;L &gt; 0 / trades.</li>
 *   <li>Funding = sum of the trades' funding received (+) or paid (−); already part of their P&amp;L.</li>
 * </ul>
 * Money stays in {@link BigDecimal}; ratios are doubles.
 */
public record PerformanceMetrics(
        BigDecimal capitalQuote,
        BigDecimal totalPnlQuote,
        double totalPnlPct,
        int trades,
        int winningTrades,
        double winRate,
        BigDecimal averageTradePnlQuote,
        BigDecimal worstTradePnlQuote,
        BigDecimal bestTradePnlQuote,
        Double sharpe,
        Double sharpeAnnualized,
        Double sortino,
        BigDecimal maxDrawdownQuote,
        double maxDrawdownPct,
        double averageHoldingSeconds,
        BigDecimal feesQuote,
        BigDecimal fundingQuote,
        double exposure,
        double referencePnlPctSum,
        long periodStartUs,
        long periodEndUs) {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final double SECONDS_PER_YEAR = 365.25 * 24 * 3600;

    /**
     * Metrics of {@code trades} over the period {@code [periodStartUs, periodEndUs]} with a starting
     * capital of {@code capitalQuote}.
     */
    public static PerformanceMetrics of(List<Trade> trades, BigDecimal capitalQuote, long periodStartUs, long periodEndUs) {
        if (capitalQuote.signum() <= 0) throw new IllegalArgumentException("capital must be positive: " + capitalQuote);
        List<Trade> byExit = new ArrayList<>(trades);
        byExit.sort(EXIT_ORDER);
        int n = byExit.size();

        BigDecimal total = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal funding = BigDecimal.ZERO;
        BigDecimal worst = null;
        BigDecimal best = null;
        int wins = 0;
        double holdingSum = 0;
        double referenceSum = 0;
        double[] returns = new double[n];
        for (int i = 0; i < n; i++) {
            Trade t = byExit.get(i);
            BigDecimal pnl = pnlOf(t);
            total = total.add(pnl);
            if (t.feesQuote() != null) fees = fees.add(t.feesQuote());
            funding = funding.add(t.fundingQuote());
            worst = worst == null || pnl.compareTo(worst) < 0 ? pnl : worst;
            best = best == null || pnl.compareTo(best) > 0 ? pnl : best;
            if (pnl.signum() > 0) wins++;
            holdingSum += (t.exitTsUs() - t.entryTsUs()) / 1e6;
            referenceSum += referencePnlPct(t);
            BigDecimal base = t.notionalQuote() != null && t.notionalQuote().signum() > 0 ? t.notionalQuote() : capitalQuote;
            returns[i] = pnl.divide(base, MC).doubleValue();
        }

        Double sharpe = null;
        Double sharpeAnnual = null;
        Double sortino = null;
        if (n > 0) {
            double mean = 0;
            for (double r : returns) mean += r;
            mean /= n;
            if (n >= 2) {
                double ss = 0;
                for (double r : returns) ss += (r - mean) * (r - mean);
                double std = Math.sqrt(ss / (n - 1));
                if (std > 0) {
                    sharpe = mean / std;
                    double years = (periodEndUs - periodStartUs) / 1e6 / SECONDS_PER_YEAR;
                    if (years > 0) sharpeAnnual = sharpe * Math.sqrt(n / years);
                }
            }
            double down = 0;
            for (double r : returns) down += r < 0 ? r * r : 0;
            if (down > 0) sortino = mean / Math.sqrt(down / n);
        }

        EquityCurve curve = EquityCurve.of(byExit, capitalQuote, periodStartUs);
        return new PerformanceMetrics(
                capitalQuote,
                total,
                total.divide(capitalQuote, MC).doubleValue() * 100,
                n,
                wins,
                n == 0 ? 0 : (double) wins / n,
                n == 0 ? BigDecimal.ZERO : total.divide(BigDecimal.valueOf(n), MC),
                worst == null ? BigDecimal.ZERO : worst,
                best == null ? BigDecimal.ZERO : best,
                sharpe,
                sharpeAnnual,
                sortino,
                curve.maxDrawdownQuote(),
                curve.maxDrawdownPct(),
                n == 0 ? 0 : holdingSum / n,
                fees,
                funding,
                exposure(byExit, periodStartUs, periodEndUs),
                referenceSum,
                periodStartUs,
                periodEndUs);
    }

    /** Trades in the order their P&amp;L was realised: exit time, then entry time. */
    public static final Comparator<Trade> EXIT_ORDER =
            Comparator.comparingLong(Trade::exitTsUs).thenComparingLong(Trade::entryTsUs);

    static BigDecimal pnlOf(Trade t) {
        return t.pnlQuote() == null ? BigDecimal.ZERO : t.pnlQuote();
    }

    /** The strategy's own percent P&amp;L column ({@code pnl_pct}) when it has one, else 0. */
    static double referencePnlPct(Trade t) {
        Object v = t.columns().get("pnl_pct");
        return v instanceof Number num ? num.doubleValue() : 0.0;
    }

    /** Share of [start, end] during which at least one position was open (union of holding intervals). */
    static double exposure(List<Trade> trades, long startUs, long endUs) {
        if (endUs <= startUs || trades.isEmpty()) return 0;
        List<long[]> iv = new ArrayList<>();
        for (Trade t : trades) {
            long a = Math.max(startUs, t.entryTsUs());
            long b = Math.min(endUs, t.exitTsUs());
            if (b > a) iv.add(new long[] {a, b});
        }
        iv.sort(Comparator.comparingLong(x -> x[0]));
        long covered = 0;
        long curA = Long.MIN_VALUE;
        long curB = Long.MIN_VALUE;
        for (long[] x : iv) {
            if (x[0] > curB) {
                if (curB > curA) covered += curB - curA;
                curA = x[0];
                curB = x[1];
            } else if (x[1] > curB) {
                curB = x[1];
            }
        }
        if (curB > curA) covered += curB - curA;
        return (double) covered / (endUs - startUs);
    }

    /** The metrics as an ordered map with snake_case keys, as written to {@code metrics.json}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capital_quote", capitalQuote);
        m.put("total_pnl_quote", scale(totalPnlQuote));
        m.put("total_pnl_pct", totalPnlPct);
        m.put("trades", trades);
        m.put("winning_trades", winningTrades);
        m.put("win_rate", winRate);
        m.put("average_trade_pnl_quote", scale(averageTradePnlQuote));
        m.put("worst_trade_pnl_quote", scale(worstTradePnlQuote));
        m.put("best_trade_pnl_quote", scale(bestTradePnlQuote));
        m.put("sharpe", sharpe);
        m.put("sharpe_annualized", sharpeAnnualized);
        m.put("sortino", sortino);
        m.put("max_drawdown_quote", scale(maxDrawdownQuote));
        m.put("max_drawdown_pct", maxDrawdownPct);
        m.put("average_holding_seconds", averageHoldingSeconds);
        m.put("fees_quote", scale(feesQuote));
        m.put("funding_quote", scale(fundingQuote));
        m.put("exposure", exposure);
        m.put("reference_pnl_pct_sum", referencePnlPctSum);
        m.put("period_start_us", periodStartUs);
        m.put("period_end_us", periodEndUs);
        return m;
    }

    private static BigDecimal scale(BigDecimal v) {
        // quote figures printed to 1e-10: fine enough for any coin, short enough to read
        return v.setScale(10, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
