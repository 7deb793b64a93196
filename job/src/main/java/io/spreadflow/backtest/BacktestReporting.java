package io.spreadflow.backtest;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.BacktestReport;
import io.spreadflow.engine.report.PerformanceMetrics;
import io.spreadflow.engine.report.DecisionLog;
import io.spreadflow.engine.report.ReportFolder;
import io.spreadflow.schemas.DeadLetter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Turns a backtest's results into its report folder. */
public final class BacktestReporting {

    /** File of the input lines and ticks that were not accepted, with reasons. */
    public static final String DEAD_LETTERS = "dead-letters.csv";

    private BacktestReporting() {}

    /** The report of parameter set {@code set}. */
    public static BacktestReport report(BacktestJob.Plan plan, BacktestResults results, int set, BigDecimal capital,
                                        Map<String, Object> runFacts) {
        StrategyConfig config = plan.configs().get(set);
        BacktestResults.SetResults r = results.set(set);
        Map<String, Object> run = new LinkedHashMap<>(runFacts);
        run.put("mode", plan.mode().name().toLowerCase());
        run.put("ticks", r.ticks());
        run.put("instruments", String.join(" ", r.instruments()));
        run.put("spot_venues", String.join(" ", config.venues().spot()));
        if (config.venues().futures() != null) run.put("futures_venue", config.venues().futures());
        run.put("bar_seconds", config.barSeconds());
        run.put("fill_latency_ms", config.execution().fillLatency().toMillis());
        run.put("signals", r.signals().size());
        run.put("intents", r.intents().size());
        run.put("fills", r.executions().size());
        run.put("dead_letters", results.deadLetters().size());
        Map<String, Object> params = new LinkedHashMap<>(config.params());
        long start = plan.fromUs() != null ? Math.max(plan.fromUs(), r.firstTsUs()) : r.firstTsUs();
        long end = r.lastTsUs();
        return new BacktestReport(config.strategyId() + " backtest: " + String.join(", ", r.instruments()),
                config.strategyId(), params, run, r.trades(), r.spreads(), BacktestReport.spreadThresholds(params),
                capital, start, Math.max(start, end));
    }

    /**
     * Writes the report folder, the decision log of a single-set run, and the dead letters when there are any.
     * The decision log, the largest file, is written on a thread of its own meanwhile.
     */
    public static PerformanceMetrics write(Path out, BacktestReport report, BacktestResults results) throws IOException {
        Files.createDirectories(out);
        FutureTask<Void> decisions = null;
        if (results.parameterSets() == 1) {
            decisions = new FutureTask<>(() -> {
                DecisionLog.write(out, results.single().signals(), results.single().executions());
                return null;
            });
            Thread writer = new Thread(decisions, "decision-log-writer");
            writer.setDaemon(true);
            writer.start();
        }
        PerformanceMetrics m;
        try {
            m = ReportFolder.write(out, report);
        } finally {
            if (decisions != null) awaitWritten(decisions);
        }
        if (!results.deadLetters().isEmpty()) {
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve(DEAD_LETTERS), StandardCharsets.UTF_8)) {
                w.write("source,offset,reason,raw\n");
                for (DeadLetter d : results.deadLetters()) {
                    w.write(csv(d.getSource().toString()) + "," + (d.getOffset() == null ? "" : d.getOffset()) + ","
                            + csv(d.getReason().toString()) + "," + csv(d.getRawText() == null ? "" : d.getRawText().toString()) + "\n");
                }
            }
        }
        return m;
    }

    private static void awaitWritten(FutureTask<Void> file) throws IOException {
        try {
            file.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + DecisionLog.FILE);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("writing " + DecisionLog.FILE + " failed", e.getCause());
        }
    }

    private static String csv(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
