package io.spreadflow.engine.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spreadflow.engine.accounting.Trade;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a backtest's report folder: {@code trades.csv}, {@code metrics.json}, {@code equity.csv} and a
 * self-contained {@code report.html}.
 *
 * <p>{@code trades.csv} starts with the strategy's own trade columns in their order (for the reference
 * strategies exactly the golden {@code expected_trades.csv} columns), followed by the booked columns:
 * instrument, strategy, booked quote P&amp;L, fees and notional.
 */
public final class ReportFolder {

    public static final String TRADES = "trades.csv";
    public static final String METRICS = "metrics.json";
    public static final String EQUITY = "equity.csv";
    public static final String HTML = "report.html";

    /** The booked columns written to the right of the strategy's own columns. */
    public static final List<String> BOOKED_COLUMNS =
            List.of("instrument", "strategy", "pnl_quote", "fees_quote", "notional_quote", "funding_quote");

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ReportFolder() {}

    /** Writes all four files into {@code dir} (created if needed) and returns the metrics. */
    public static PerformanceMetrics write(Path dir, BacktestReport report) throws IOException {
        Files.createDirectories(dir);
        PerformanceMetrics metrics = report.metrics();
        EquityCurve equity = report.equity();
        writeTrades(dir.resolve(TRADES), report.tradesInEntryOrder());
        writeMetrics(dir.resolve(METRICS), report, metrics);
        writeEquity(dir.resolve(EQUITY), equity);
        Files.writeString(dir.resolve(HTML), ReportPage.render(report, metrics, equity), StandardCharsets.UTF_8);
        return metrics;
    }

    /** The strategy's columns: the ordered union of the trades' column names. */
    public static List<String> strategyColumns(List<Trade> trades) {
        Set<String> cols = new LinkedHashSet<>();
        for (Trade t : trades) cols.addAll(t.columns().keySet());
        if (cols.isEmpty()) {
            cols.add("entry_time_us");
            cols.add("exit_time_us");
        }
        return new ArrayList<>(cols);
    }

    static void writeTrades(Path file, List<Trade> trades) throws IOException {
        List<String> cols = strategyColumns(trades);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(cols);
            header.addAll(BOOKED_COLUMNS);
            w.write(String.join(",", header));
            w.newLine();
            for (Trade t : trades) {
                StringBuilder line = new StringBuilder();
                for (String c : cols) {
                    if (c.equals("entry_time_us") && !t.columns().containsKey(c)) line.append(t.entryTsUs());
                    else if (c.equals("exit_time_us") && !t.columns().containsKey(c)) line.append(t.exitTsUs());
                    else line.append(cell(t.columns().get(c)));
                    line.append(',');
                }
                line.append(cell(t.instrument())).append(',')
                        .append(cell(t.strategyId())).append(',')
                        .append(cell(t.pnlQuote())).append(',')
                        .append(cell(t.feesQuote())).append(',')
                        .append(cell(t.notionalQuote())).append(',')
                        .append(cell(t.fundingQuote()));
                w.write(line.toString());
                w.newLine();
            }
        }
    }

    static void writeMetrics(Path file, BacktestReport report, PerformanceMetrics metrics) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("strategy", report.strategyId());
        root.putAll(metrics.asMap());
        root.put("by_instrument", byInstrument(report.trades()));
        root.put("parameters", report.parameters());
        root.put("run", report.run());
        JSON.writeValue(file.toFile(), root);
    }

    static Map<String, Object> byInstrument(List<Trade> trades) {
        Map<String, Object> out = new java.util.TreeMap<>();
        Map<String, List<Trade>> groups = new java.util.TreeMap<>();
        for (Trade t : trades) groups.computeIfAbsent(t.instrument(), k -> new ArrayList<>()).add(t);
        for (Map.Entry<String, List<Trade>> e : groups.entrySet()) {
            BigDecimal pnl = BigDecimal.ZERO;
            BigDecimal fees = BigDecimal.ZERO;
            BigDecimal funding = BigDecimal.ZERO;
            double ref = 0;
            for (Trade t : e.getValue()) {
                pnl = pnl.add(PerformanceMetrics.pnlOf(t));
                if (t.feesQuote() != null) fees = fees.add(t.feesQuote());
                funding = funding.add(t.fundingQuote());
                ref += PerformanceMetrics.referencePnlPct(t);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trades", e.getValue().size());
            m.put("total_pnl_quote", pnl);
            m.put("fees_quote", fees);
            m.put("funding_quote", funding);
            m.put("reference_pnl_pct_sum", ref);
            out.put(e.getKey(), m);
        }
        return out;
    }

    static void writeEquity(Path file, EquityCurve equity) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_us,time_utc,equity_quote,cumulative_pnl_quote,drawdown_quote,drawdown_pct,trade_pnl_quote,instrument\n");
            for (EquityCurve.Point p : equity.points()) {
                w.write(p.timeUs() + "," + Instant.ofEpochSecond(0, p.timeUs() * 1000) + ","
                        + p.equityQuote().toPlainString() + "," + p.cumulativePnlQuote().toPlainString() + ","
                        + p.drawdownQuote().toPlainString() + "," + p.drawdownPct() + ","
                        + p.tradePnlQuote().toPlainString() + "," + cell(p.instrument()) + "\n");
            }
        }
    }

    /** One CSV cell: numbers as their shortest round-tripping text, text quoted when it must be. */
    static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof BigDecimal bd) return bd.toPlainString();
        if (v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer) return v.toString();
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
