package io.spreadflow.cli;

import io.spreadflow.backtest.BacktestCluster;
import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.backtest.BacktestProgress;
import io.spreadflow.backtest.BacktestReporting;
import io.spreadflow.backtest.BacktestResults;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.BacktestReport;
import io.spreadflow.engine.report.PerformanceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

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
        // the local cluster starts while the strategy and the job are built
        CompletableFuture<BacktestCluster> cluster = BacktestCluster.startAsync(Math.max(1, run.parallelism.value()));
        // the phases at INFO (-Dspreadflow.log.level=INFO), with Flink's own; not before the cluster's start has begun
        Logger log = LoggerFactory.getLogger(BacktestCommand.class);
        if (log.isInfoEnabled()) {
            log.info("backtest options read {} ms after the JVM started; local cluster starting",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        StrategyConfig cfg;
        BacktestJob.Plan plan;
        BacktestResults results;
        long t0 = System.nanoTime();
        try {
            cfg = run.configs().build();
            plan = run.plan(List.of(cfg));
            BacktestProgress.reset();
            try (AutoCloseable progress = System.console() != null ? BacktestProgress.report(System.err) : () -> { }) {
                results = BacktestJob.run(plan, run.engines(plan.configs()), cluster);
            }
        } finally {
            BacktestCluster.closeWhenStarted(cluster); // when the job was never submitted
        }
        log.info("backtest job finished; writing the report");
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("inputs", run.inputDescription());
        facts.put("elapsed_seconds", Math.round(secs * 1000) / 1000.0);
        if (run.funding != null) facts.put("funding_rates", run.funding.getFileName().toString());
        BacktestReport report = BacktestReporting.report(plan, results, 0, run.capital, facts);
        PerformanceMetrics m = BacktestReporting.write(run.out(), report, results);
        log.info("backtest report written");
        System.out.printf("%s: %d ticks, %d trades, P&L %s quote (%.4f %%), report in %s%n", cfg.strategyId(),
                results.single().ticks(), m.trades(), m.totalPnlQuote().toPlainString(), m.totalPnlPct(), run.out().toAbsolutePath());
        if (!results.deadLetters().isEmpty()) {
            System.out.printf("%d input records not accepted (see %s): %s%n", results.deadLetters().size(),
                    BacktestReporting.DEAD_LETTERS, results.deadLetterReasons());
        }
        return 0;
    }

}
