package io.spreadflow.bench;

import io.spreadflow.backtest.BacktestConfigs;
import io.spreadflow.backtest.BacktestInput;
import io.spreadflow.backtest.BacktestJob;
import io.spreadflow.backtest.BacktestReporting;
import io.spreadflow.backtest.BacktestResults;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.SharedData;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.BacktestReport;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.RuntimeExecutionMode;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Backtest throughput on the real Binance 2024-08-08 recordings (BTC and ETH, spot and USD-M),
 * replicated under renamed instruments ({@code BTC0-USDT}, {@code BTC1-USDT}, …): the BATCH backtest end
 * to end (read, parse, key, sort, engine, report folder) and, in the same run on the same ticks, the
 * engine alone in a plain loop (one thread, states resolved before the timed loop).
 *
 * <p>Arguments: {@code [replicas (20)] [runs (3)] [parallelism (2)] [strategy args: fees|trading]}.
 * The default strategy is rdn with Binance's taker fees and its fee hurdle (it emits nothing on these
 * recordings, the realistic case); {@code trading} uses zero fees and thresholds the data crosses, so
 * the fill model, state machine and accounting are exercised too.
 */
public final class BacktestThroughput {

    private static final String[] FILES = {
            "binance_spot_BTCUSDT_bookTicker_20240808.csv.gz", "binance_usdm_BTCUSDT_bookTicker_20240808.csv.gz",
            "binance_spot_ETHUSDT_bookTicker_20240808.csv.gz", "binance_usdm_ETHUSDT_bookTicker_20240808.csv.gz"};

    private BacktestThroughput() {}

    public static void main(String[] args) throws Exception {
        int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean trading = args.length > 3 && args[3].equals("trading");
        List<Path> files = new ArrayList<>();
        for (String f : FILES) files.add(SharedData.resolve("data/binance/" + f));
        StrategyConfig config = config(trading);

        System.out.printf("backtest throughput: %d files x %d replicas, strategy rdn (%s), BATCH parallelism %d, %d cores, %s%n",
                files.size(), replicas, trading ? "trading: zero fees, low thresholds" : "Binance taker fees, fee hurdle",
                parallelism, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        List<BookTicker> recorded = TickFileReader.readMerged(files);
        BookTicker[] ticks = replicate(recorded, replicas);
        System.out.printf("ticks: %,d recorded, %,d replicated over %d instruments%n", recorded.size(), ticks.length,
                2 * replicas);

        for (int r = 0; r < runs; r++) {
            double engine = engineAlone(config, ticks);
            double batch = batch(config, files, replicas, parallelism);
            System.out.printf("run %d: engine alone %.2f M ticks/s (1 thread); BATCH end to end %.3f M ticks/s%n",
                    r + 1, engine / 1e6, batch / 1e6);
        }
    }

    static StrategyConfig config(boolean trading) {
        List<String> params = trading
                ? List.of("entry_spread_threshold=-0.06", "exit_spread_threshold=-0.02", "min_volatility=0",
                "max_holding_hours=0.01")
                : List.of("net_of_fees=true");
        Map<String, BigDecimal> fees = trading ? Map.of()
                : Map.of("binance-spot", new BigDecimal("0.001"), "binance-usdm", new BigDecimal("0.0005"));
        return new BacktestConfigs(null, "rdn", params, List.of("binance-spot"), "binance-usdm", 0, fees, null).build();
    }

    /** Every tick once per replica, instrument renamed as the file source's replicas are. */
    static BookTicker[] replicate(List<BookTicker> ticks, int replicas) {
        BookTicker[] out = new BookTicker[ticks.size() * replicas];
        int i = 0;
        for (BookTicker t : ticks) {
            String inst = t.getInstrument();
            int dash = inst.indexOf('-');
            for (int r = 0; r < replicas; r++) {
                BookTicker c = BookTicker.newBuilder(t).setInstrument(inst.substring(0, dash) + r + inst.substring(dash)).build();
                out[i++] = c;
            }
        }
        return out;
    }

    /** Ticks per second of one engine over every tick, two warm-up passes then the best of three. */
    static double engineAlone(StrategyConfig config, BookTicker[] ticks) {
        double best = 0;
        for (int pass = 0; pass < 5; pass++) {
            InstrumentEngine engine = InstrumentEngine.of(config);
            Map<String, InstrumentState> byInstrument = new HashMap<>();
            InstrumentState[] states = new InstrumentState[ticks.length];
            for (int i = 0; i < ticks.length; i++) {
                states[i] = byInstrument.computeIfAbsent(ticks[i].getInstrument(), engine::newState);
            }
            Counting out = new Counting();
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks.length; i++) engine.onTick(states[i], ticks[i], out);
            long ns = System.nanoTime() - t0;
            if (pass >= 2) best = Math.max(best, ticks.length / (ns / 1e9));
            if (out.count < 0) System.out.println(out.count); // keeps the outputs observable
        }
        return best;
    }

    /** Ticks per second of {@code spreadflow backtest} in BATCH mode, report folder included. */
    static double batch(StrategyConfig config, List<Path> files, int replicas, int parallelism) throws Exception {
        BacktestJob.Plan plan = new BacktestJob.Plan(List.of(config), new BacktestInput.Files(files, replicas),
                RuntimeExecutionMode.BATCH, null, null, parallelism, 0);
        Path out = Files.createTempDirectory("spreadflow-bench-report");
        long t0 = System.nanoTime();
        BacktestResults results = BacktestJob.run(plan, io.spreadflow.engine.accounting.FundingSchedule.NONE);
        BacktestReport report = BacktestReporting.report(plan, results, 0, new BigDecimal("10000"), Map.of());
        BacktestReporting.write(out, report, results);
        long ns = System.nanoTime() - t0;
        long ticks = results.single().ticks();
        System.out.printf("  BATCH: %,d ticks, %d trades, %.2f s%n", ticks, results.single().trades().size(), ns / 1e9);
        return ticks / (ns / 1e9);
    }

    /** Counts what the engine emits and drops it. */
    private static final class Counting implements EngineOutput {
        long count;

        @Override
        public void signal(Signal signal) {
            count++;
        }

        @Override
        public void intent(OrderIntent intent) {
            count++;
        }

        @Override
        public void execution(ExecutionReport report) {
            count++;
        }

        @Override
        public void trade(Trade trade) {
            count++;
        }

        @Override
        public void rejected(BookTicker tick, String reason) {
            count++;
        }
    }
}
