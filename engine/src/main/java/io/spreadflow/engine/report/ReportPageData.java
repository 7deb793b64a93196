package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data {@code report.html} inlines as JSON: metrics, parameters, the equity and drawdown curves,
 * the sampled spreads with thresholds and trade markers, the trades (the columns of {@code trades.csv},
 * in its row order) and per-instrument figures. Times are in seconds since the epoch, the chart
 * library's unit.
 */
final class ReportPageData {

    private ReportPageData() {}

    static Map<String, Object> of(BacktestReport report, PerformanceMetrics metrics, EquityCurve equity) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", report.title());
        data.put("strategy", report.strategyId());
        data.put("metrics", metrics.asMap());
        data.put("run", report.run());
        data.put("parameters", report.parameters());
        data.put("period", new double[] {seconds(report.periodStartUs()), seconds(periodEndUs(report, equity))});
        data.put("equity", equity(report, equity));
        List<Trade> trades = report.tradesInEntryOrder();
        data.put("trades", trades(trades));
        data.put("instruments", instruments(report, trades));
        return data;
    }

    private static long periodEndUs(BacktestReport report, EquityCurve equity) {
        long last = equity.points().isEmpty() ? report.periodEndUs() : equity.points().get(equity.points().size() - 1).timeUs();
        return Math.max(report.periodEndUs(), Math.max(last, report.periodStartUs() + 1));
    }

    private static Map<String, Object> equity(BacktestReport report, EquityCurve equity) {
        int n = equity.points().size();
        // one more point holds the final equity until the end of the period
        double[] t = new double[n + 1];
        double[] eq = new double[n + 1];
        double[] dd = new double[n + 1];
        for (int i = 0; i < n; i++) {
            EquityCurve.Point p = equity.points().get(i);
            t[i] = seconds(p.timeUs());
            eq[i] = p.equityQuote().doubleValue();
            dd[i] = -p.drawdownPct();
        }
        t[n] = seconds(periodEndUs(report, equity));
        eq[n] = n == 0 ? report.capitalQuote().doubleValue() : eq[n - 1];
        dd[n] = n == 0 ? 0 : dd[n - 1];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", t);
        m.put("equity", eq);
        m.put("drawdownPct", dd);
        return m;
    }

    /** The rows of trades.csv with their columns (entry and exit times kept as µs, as in the file). */
    private static Map<String, Object> trades(List<Trade> trades) {
        List<String> columns = new ArrayList<>(ReportFolder.strategyColumns(trades));
        columns.addAll(ReportFolder.BOOKED_COLUMNS);
        List<Object[]> rows = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) row[c] = cell(t, columns.get(c));
            rows.add(row);
        }
        List<Map<String, Object>> spans = new ArrayList<>(trades.size());
        for (Trade t : trades) spans.add(Map.of("entry", seconds(t.entryTsUs()), "exit", seconds(t.exitTsUs()),
                "instrument", t.instrument()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", columns);
        m.put("rows", rows);
        m.put("spans", spans);
        return m;
    }

    private static Object cell(Trade t, String column) {
        Map<String, Object> c = t.columns();
        return switch (column) {
            case "instrument" -> t.instrument();
            case "strategy" -> t.strategyId();
            case "pnl_quote" -> t.pnlQuote();
            case "fees_quote" -> t.feesQuote();
            case "notional_quote" -> t.notionalQuote();
            case "funding_quote" -> t.fundingQuote();
            case "entry_time_us" -> c.getOrDefault(column, t.entryTsUs());
            case "exit_time_us" -> c.getOrDefault(column, t.exitTsUs());
            default -> c.get(column);
        };
    }

    /** One section per instrument: its figures, and its spread chart when one was sampled. */
    private static List<Map<String, Object>> instruments(BacktestReport report, List<Trade> trades) {
        Map<String, List<Trade>> by = new java.util.TreeMap<>();
        for (Trade t : trades) by.computeIfAbsent(t.instrument(), k -> new ArrayList<>()).add(t);
        Map<String, SpreadSeries> spreadBy = new LinkedHashMap<>();
        for (SpreadSeries s : report.spreads()) if (s.size() > 0) spreadBy.putIfAbsent(s.instrument(), s);
        for (String inst : spreadBy.keySet()) by.computeIfAbsent(inst, k -> new ArrayList<>());
        List<String> names = new ArrayList<>(by.keySet());
        // the instruments with the most trades first; only the first few get a spread chart
        names.sort(Comparator.comparingInt((String k) -> -by.get(k).size()).thenComparing(k -> k));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String inst : names) {
            List<Trade> own = by.get(inst);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instrument", inst);
            m.put("metrics", PerformanceMetrics.of(own, report.capitalQuote(), report.periodStartUs(),
                    report.periodEndUs()).asMap());
            SpreadSeries s = spreadBy.get(inst);
            long charted = out.stream().filter(o -> o.containsKey("spread")).count();
            if (s != null && charted < ReportPage.MAX_SPREAD_CHARTS) m.put("spread", spread(s, own, report.thresholds()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> spread(SpreadSeries full, List<Trade> trades, Map<String, Double> thresholds) {
        SpreadSeries d = full.downsample(ReportPage.MAX_POINTS);
        double[] t = new double[d.size()];
        double[] v = new double[d.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = seconds(d.timesUs()[i]);
            v[i] = Math.round(d.values()[i] * 1e7) / 1e7;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", full.label());
        m.put("t", t);
        m.put("v", v);
        m.put("thresholds", thresholds);
        m.put("markers", markers(trades, full));
        return m;
    }

    /** Entry and exit markers at the strategy's own spread when it reports one, else the sampled spread. */
    private static List<Map<String, Object>> markers(List<Trade> trades, SpreadSeries s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Trade tr : trades) {
            Map<String, Object> c = tr.columns();
            String reason = String.valueOf(c.getOrDefault("exit_reason", c.getOrDefault("direction", "")));
            if (tr.entryTsUs() == tr.exitTsUs()) {
                out.add(marker(tr.entryTsUs(), number(c.get("spread_pct"), s.valueAt(tr.entryTsUs())), "trade", reason));
                continue;
            }
            out.add(marker(tr.entryTsUs(), number(c.get("entry_spread_pct"), s.valueAt(tr.entryTsUs())), "entry",
                    "entry" + (c.containsKey("regime") ? " " + c.get("regime") : "")));
            out.add(marker(tr.exitTsUs(), number(c.get("exit_spread_pct"), s.valueAt(tr.exitTsUs())), "exit", reason));
        }
        return out;
    }

    private static Map<String, Object> marker(long tUs, double v, String kind, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", seconds(tUs));
        m.put("v", Double.isFinite(v) ? v : null);
        m.put("kind", kind);
        m.put("label", label);
        return m;
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }

    static double seconds(long us) {
        return us / 1e6;
    }
}
