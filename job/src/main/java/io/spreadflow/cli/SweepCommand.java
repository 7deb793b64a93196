package io.spreadflow.cli;

import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.backtest.BacktestProgress;
import io.spreadflow.backtest.BacktestResults;
import io.spreadflow.backtest.ParameterGrid;
import io.spreadflow.backtest.SweepRanking;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.PerformanceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spreadflow sweep}: every combination of a parameter grid in ONE BATCH job keyed by
 * (parameter set, instrument), ranked by a metric; optionally walk-forward folds.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a grid of strategy parameters in one BATCH job and rank the results "
                + "(sweep.csv, sweep.html; walk-forward.csv with --walk-forward).",
                "Input: --input tick files, or --topic (on --bootstrap), either one narrowed to --from/--to."})
public class SweepCommand implements Callable<Integer> {

    @Mixin
    BacktestOptions run = new BacktestOptions();

    @Option(names = "--grid", required = true, paramLabel = "KEY=V1,V2,...", description = "Values of one parameter; repeatable.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--rank-by", defaultValue = "total_pnl_quote", paramLabel = "METRIC",
            description = "Metric to rank by (default ${DEFAULT-VALUE}); max_drawdown_* rank smallest first.")
    String rankBy;

    @Option(names = "--walk-forward", paramLabel = "N", description = "Folds: N + 1 equal segments, best set of one segment tested on the next.")
    Integer walkForward;

    @Override
    public Integer call() throws Exception {
        run.checkInput();
        SweepRanking.checkMetric(rankBy);
        ParameterGrid g = ParameterGrid.parse(grid);
        List<Map<String, String>> combos = g.combinations();
        List<StrategyConfig> configs = new ArrayList<>();
        for (Map<String, String> c : combos) configs.add(run.configs().build(c));
        BacktestJob.Plan plan = run.plan(configs);
        BacktestProgress.reset();
        BacktestResults results;
        try (AutoCloseable progress = System.console() != null ? BacktestProgress.report(System.err) : () -> { }) {
            results = BacktestJob.run(plan, run.engines(plan.configs()));
        }
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (int s = 0; s < results.parameterSets(); s++) {
            if (results.set(s).ticks() == 0) continue;
            start = Math.min(start, results.set(s).firstTsUs());
            end = Math.max(end, results.set(s).lastTsUs());
        }
        if (start > end) start = end = 0;
        List<SweepRanking.Row> rows = new ArrayList<>();
        List<List<Trade>> tradesBySet = new ArrayList<>();
        for (int s = 0; s < combos.size(); s++) {
            List<Trade> trades = results.set(s).trades();
            tradesBySet.add(trades);
            rows.add(new SweepRanking.Row(s, combos.get(s), PerformanceMetrics.of(trades, run.capital, start, end)));
        }
        List<SweepRanking.Row> ranked = SweepRanking.rank(rows, rankBy);
        List<String> keys = new ArrayList<>(g.axes().keySet());
        Files.createDirectories(run.out());
        SweepRanking.writeRanking(run.out().resolve("sweep.csv"), ranked, keys);
        List<SweepRanking.Fold> folds = walkForward == null ? List.of()
                : SweepRanking.walkForward(tradesBySet, combos, walkForward, start, end, run.capital, rankBy);
        if (walkForward != null) SweepRanking.writeFolds(run.out().resolve("walk-forward.csv"), folds, rankBy);
        Files.writeString(run.out().resolve("sweep.html"), SweepRanking.html(configs.get(0).strategyId() + " sweep: "
                + combos.size() + " parameter sets", rankBy, ranked, keys, folds), StandardCharsets.UTF_8);
        SweepRanking.Row best = ranked.get(0);
        System.out.printf("%d parameter sets in one job; best by %s: %s = %s; table in %s%n", combos.size(), rankBy,
                best.params(), SweepRanking.value(best.metrics(), rankBy), run.out().resolve("sweep.csv").toAbsolutePath());
        return 0;
    }
}
