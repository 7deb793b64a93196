package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.report.PerformanceMetrics;
import io.spreadflow.engine.report.SweepHeatMap;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranks the parameter sets of a sweep by one metric and, with walk-forward folds, checks whether the
 * set that ranks first in one period also does well in the next.
 *
 * <p>Walk-forward with N folds splits the period into N + 1 equal segments; fold k (1…N) picks the best
 * set on segment k − 1 (in-sample) and reports that set on segment k (out-of-sample). A trade belongs to
 * the segment in which it closed. The strategies run once over the whole period, so indicators are warm
 * at every fold start.
 */
public final class SweepRanking {

    /** Metrics a sweep can rank by; smaller is better only for drawdowns. */
    public static final List<String> RANKABLE = List.of("total_pnl_quote", "total_pnl_pct", "sharpe", "sortino",
            "win_rate", "max_drawdown_pct", "max_drawdown_quote", "reference_pnl_pct_sum", "average_trade_pnl_quote",
            "trades", "exposure");

    /** One parameter set's figures. */
    public record Row(int set, Map<String, String> params, PerformanceMetrics metrics) {}

    /** One walk-forward fold. */
    public record Fold(int fold, long inStartUs, long inEndUs, long outStartUs, long outEndUs, int bestSet,
                       Map<String, String> bestParams, PerformanceMetrics inSample, PerformanceMetrics outOfSample) {}

    private SweepRanking() {}

    public static void checkMetric(String metric) {
        if (!RANKABLE.contains(metric)) {
            throw new IllegalArgumentException("--rank-by must be one of " + RANKABLE + ", not '" + metric + "'");
        }
    }

    /** The value ranked on; undefined ratios (null) rank last. */
    public static double value(PerformanceMetrics m, String metric) {
        Object v = m.asMap().get(metric);
        if (v == null) return Double.NaN;
        return ((Number) v).doubleValue();
    }

    /** Best first; ties keep grid order. */
    public static Comparator<Row> order(String metric) {
        boolean smallerBetter = metric.startsWith("max_drawdown");
        return (a, b) -> {
            double x = value(a.metrics(), metric);
            double y = value(b.metrics(), metric);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                if (Double.isNaN(x) && Double.isNaN(y)) return Integer.compare(a.set(), b.set());
                return Double.isNaN(x) ? 1 : -1;
            }
            int c = smallerBetter ? Double.compare(x, y) : Double.compare(y, x);
            return c != 0 ? c : Integer.compare(a.set(), b.set());
        };
    }

    public static List<Row> rank(List<Row> rows, String metric) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(order(metric));
        return out;
    }

    /** Walk-forward over {@code folds} folds of [startUs, endUs]. */
    public static List<Fold> walkForward(List<List<Trade>> tradesBySet, List<Map<String, String>> params, int folds,
                                         long startUs, long endUs, BigDecimal capital, String metric) {
        if (folds < 1) throw new IllegalArgumentException("--walk-forward must be >= 1");
        long[] bounds = new long[folds + 2];
        for (int i = 0; i <= folds + 1; i++) bounds[i] = startUs + Math.round((double) (endUs - startUs) * i / (folds + 1));
        bounds[folds + 1] = endUs + 1;
        List<Fold> out = new ArrayList<>();
        for (int k = 1; k <= folds; k++) {
            long inA = bounds[k - 1], inB = bounds[k], outA = bounds[k], outB = bounds[k + 1];
            List<Row> inRows = new ArrayList<>();
            for (int s = 0; s < tradesBySet.size(); s++) {
                inRows.add(new Row(s, params.get(s), PerformanceMetrics.of(within(tradesBySet.get(s), inA, inB), capital, inA, inB)));
            }
            Row best = rank(inRows, metric).get(0);
            PerformanceMetrics oos = PerformanceMetrics.of(within(tradesBySet.get(best.set()), outA, outB), capital, outA, outB);
            out.add(new Fold(k, inA, inB, outA, outB, best.set(), best.params(), best.metrics(), oos));
        }
        return out;
    }

    private static List<Trade> within(List<Trade> trades, long fromUs, long toUs) {
        List<Trade> out = new ArrayList<>();
        for (Trade t : trades) if (t.exitTsUs() >= fromUs && t.exitTsUs() < toUs) out.add(t);
        return out;
    }

    /** Columns of the ranked table besides rank, set and parameters. */
    static final List<String> TABLE_METRICS = List.of("trades", "total_pnl_quote", "total_pnl_pct", "win_rate", "sharpe",
            "sortino", "max_drawdown_pct", "average_holding_seconds", "fees_quote", "exposure", "reference_pnl_pct_sum");

    public static void writeRanking(Path csv, List<Row> ranked, List<String> paramKeys) throws IOException {
        StringBuilder sb = new StringBuilder("rank,set");
        for (String k : paramKeys) sb.append(',').append(k);
        for (String m : TABLE_METRICS) sb.append(',').append(m);
        sb.append('\n');
        int rank = 1;
        for (Row r : ranked) {
            sb.append(rank++).append(',').append(r.set());
            for (String k : paramKeys) sb.append(',').append(r.params().get(k));
            Map<String, Object> m = r.metrics().asMap();
            for (String c : TABLE_METRICS) sb.append(',').append(text(m.get(c)));
            sb.append('\n');
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    }

    public static void writeFolds(Path csv, List<Fold> folds, String metric) throws IOException {
        StringBuilder sb = new StringBuilder("fold,in_sample_start_us,in_sample_end_us,out_of_sample_start_us,out_of_sample_end_us,"
                + "best_set,best_params,in_sample_" + metric + ",in_sample_trades,out_of_sample_" + metric
                + ",out_of_sample_trades" + (metric.equals("total_pnl_quote") ? "" : ",out_of_sample_total_pnl_quote") + "\n");
        for (Fold f : folds) {
            sb.append(f.fold()).append(',').append(f.inStartUs()).append(',').append(f.inEndUs()).append(',')
                    .append(f.outStartUs()).append(',').append(f.outEndUs()).append(',').append(f.bestSet()).append(',')
                    .append('"').append(paramsText(f.bestParams())).append('"').append(',')
                    .append(text(f.inSample().asMap().get(metric))).append(',').append(f.inSample().trades()).append(',')
                    .append(text(f.outOfSample().asMap().get(metric))).append(',').append(f.outOfSample().trades());
            if (!metric.equals("total_pnl_quote")) sb.append(',').append(f.outOfSample().totalPnlQuote().toPlainString());
            sb.append('\n');
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    }

    static String paramsText(Map<String, String> p) {
        List<String> parts = new ArrayList<>();
        p.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof BigDecimal bd) return bd.toPlainString();
        return v.toString();
    }

    /** A self-contained HTML page with the ranked table, a heat map (two or more varying parameters) and the walk-forward folds. */
    public static String html(String title, String metric, List<Row> ranked, List<String> paramKeys, List<Fold> folds) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse;font-size:13px}"
                        + "td,th{border:1px solid #ddd;padding:3px 8px}td.num{text-align:right}tr.best{background:#eef8ee}</style></head><body>");
        sb.append("<h1>").append(esc(title)).append("</h1><p>ranked by <b>").append(esc(metric)).append("</b></p>");
        sb.append("<table id=\"ranking\"><tr><th>rank</th><th>set</th>");
        for (String k : paramKeys) sb.append("<th>").append(esc(k)).append("</th>");
        for (String m : TABLE_METRICS) sb.append("<th>").append(esc(m)).append("</th>");
        sb.append("</tr>");
        int rank = 1;
        for (Row r : ranked) {
            sb.append(rank == 1 ? "<tr class=\"best\">" : "<tr>").append("<td>").append(rank++).append("</td><td>").append(r.set()).append("</td>");
            for (String k : paramKeys) sb.append("<td class=\"num\">").append(esc(r.params().get(k))).append("</td>");
            Map<String, Object> m = r.metrics().asMap();
            for (String c : TABLE_METRICS) sb.append("<td class=\"num\">").append(esc(text(m.get(c)))).append("</td>");
            sb.append("</tr>");
        }
        sb.append("</table>");
        List<Map<String, String>> setParams = new ArrayList<>();
        List<Map<String, Object>> setMetrics = new ArrayList<>();
        for (Row r : ranked) {
            setParams.add(r.params());
            setMetrics.add(r.metrics().asMap());
        }
        sb.append(SweepHeatMap.section(metric, paramKeys, setParams, setMetrics));
        if (!folds.isEmpty()) {
            sb.append("<h2>Walk-forward</h2><table id=\"walk-forward\"><tr><th>fold</th><th>in-sample</th><th>out-of-sample</th>"
                    + "<th>best set</th><th>in-sample ").append(esc(metric)).append("</th><th>out-of-sample ").append(esc(metric))
                    .append("</th><th>out-of-sample trades</th></tr>");
            for (Fold f : folds) {
                sb.append("<tr><td>").append(f.fold()).append("</td><td>").append(java.time.Instant.ofEpochSecond(0, f.inStartUs() * 1000))
                        .append(" – ").append(java.time.Instant.ofEpochSecond(0, f.inEndUs() * 1000)).append("</td><td>")
                        .append(java.time.Instant.ofEpochSecond(0, f.outStartUs() * 1000)).append(" – ")
                        .append(java.time.Instant.ofEpochSecond(0, f.outEndUs() * 1000)).append("</td><td>")
                        .append(esc(paramsText(f.bestParams()))).append("</td><td class=\"num\">")
                        .append(esc(text(f.inSample().asMap().get(metric)))).append("</td><td class=\"num\">")
                        .append(esc(text(f.outOfSample().asMap().get(metric)))).append("</td><td class=\"num\">")
                        .append(f.outOfSample().trades()).append("</td></tr>");
            }
            sb.append("</table>");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
