package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Realised equity over time: the starting capital, then one point per closed trade (in exit order)
 * with the running peak and the drawdown from it.
 */
public record EquityCurve(List<Point> points, BigDecimal maxDrawdownQuote, double maxDrawdownPct) {

    /** Equity after a trade closed (or the start), the drawdown from the running peak, and what changed it. */
    public record Point(long timeUs, BigDecimal equityQuote, BigDecimal cumulativePnlQuote, BigDecimal drawdownQuote,
                        double drawdownPct, BigDecimal tradePnlQuote, String instrument) {}

    public EquityCurve {
        points = List.copyOf(points);
    }

    /** The curve of {@code trades} (any order) starting at {@code capitalQuote} at {@code startUs}. */
    public static EquityCurve of(List<Trade> trades, BigDecimal capitalQuote, long startUs) {
        List<Trade> byExit = new ArrayList<>(trades);
        byExit.sort(PerformanceMetrics.EXIT_ORDER);
        List<Point> points = new ArrayList<>(byExit.size() + 1);
        long t0 = byExit.isEmpty() ? startUs : Math.min(startUs, byExit.get(0).exitTsUs());
        points.add(new Point(t0, capitalQuote, BigDecimal.ZERO, BigDecimal.ZERO, 0.0, BigDecimal.ZERO, ""));
        BigDecimal equity = capitalQuote;
        BigDecimal peak = capitalQuote;
        BigDecimal maxDd = BigDecimal.ZERO;
        double maxDdPct = 0;
        for (Trade t : byExit) {
            BigDecimal pnl = PerformanceMetrics.pnlOf(t);
            equity = equity.add(pnl);
            if (equity.compareTo(peak) > 0) peak = equity;
            BigDecimal dd = peak.subtract(equity);
            double ddPct = dd.divide(peak, MathContext.DECIMAL64).doubleValue() * 100;
            if (dd.compareTo(maxDd) > 0) maxDd = dd;
            if (ddPct > maxDdPct) maxDdPct = ddPct;
            points.add(new Point(t.exitTsUs(), equity, equity.subtract(capitalQuote), dd, ddPct, pnl, t.instrument()));
        }
        return new EquityCurve(points, maxDd, maxDdPct);
    }
}
