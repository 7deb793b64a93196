package io.spreadflow.cli;

import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.backtest.BacktestProgress;
import io.spreadflow.backtest.BacktestReporting;
import io.spreadflow.backtest.BacktestResults;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.BacktestReport;
import io.spreadflow.engine.report.PerformanceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spreadflow backtest}: runs the job over recorded ticks in Flink BATCH mode (or as a bounded
 * STREAMING replay) with the in-job fill model and writes a report folder.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a strategy over recorded ticks (Flink BATCH, or a bounded STREAMING replay) and write "
                + "trades.csv, metrics.json, equity.csv and report.html into --out.",
                "Input: --input tick files, or --topic (on --bootstrap), either one narrowed to --from/--to."})
public class BacktestCommand implements Callable<Integer> {

    @Mixin
    BacktestOptions run = new BacktestOptions();

    @Override
    public Integer call() throws Exception {
        run.checkInput();
        StrategyConfig cfg = run.configs().build();
        BacktestJob.Plan plan = run.plan(List.of(cfg));
        BacktestProgress.reset();
        long t0 = System.nanoTime();
        BacktestResults results;
        try (AutoCloseable progress = System.console() != null ? BacktestProgress.report(System.err) : () -> { }) {
            results = BacktestJob.run(plan, run.engines(plan.configs()));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("inputs", run.inputDescription());
        facts.put("elapsed_seconds", Math.round(secs * 1000) / 1000.0);
        if (run.funding != null) facts.put("funding_rates", run.funding.getFileName().toString());
        BacktestReport report = BacktestReporting.report(plan, results, 0, run.capital, facts);
        PerformanceMetrics m = BacktestReporting.write(run.out(), report, results);
        System.out.printf("%s: %d ticks, %d trades, P&L %s quote (%.4f %%), report in %s%n", cfg.strategyId(),
                results.single().ticks(), m.trades(), m.totalPnlQuote().toPlainString(), m.totalPnlPct(), run.out().toAbsolutePath());
        if (!results.deadLetters().isEmpty()) {
            System.out.printf("%d input records not accepted (see %s): %s%n", results.deadLetters().size(),
                    BacktestReporting.DEAD_LETTERS, results.deadLetterReasons());
        }
        return 0;
    }
}
