package io.spreadflow.engine;

import io.spreadflow.connectors.files.SharedData;
import io.spreadflow.connectors.files.TickMerge;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Single-thread throughput of the engine alone on the real Binance BTCUSDT recording of 2024-08-08
 * (spot and USD-M merged by receive time, about 94 k ticks): rdn with taker fees, once on every tick
 * and once on 1 s bars. The ticks are decoded once; each pass feeds all of them to a fresh instrument
 * state and ends the input, so only the engine is timed. Not a test: run it by hand.
 *
 * <pre>
 * mvn -B -q -pl engine -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp engine/target/test-classes:engine/target/classes:$(cat engine/target/cp.txt) \
 *      -Dspreadflow.root=$PWD io.spreadflow.engine.EngineThroughput [seconds-per-variant]
 * </pre>
 *
 * It prints, per variant, the best and the median pass in ticks per second, by wall clock and by the
 * thread's CPU time (the figure per core on a machine other processes share), and what the passes
 * emitted (a correct rdn emits nothing on this recording: its basis is a few basis points).
 */
public final class EngineThroughput {

    /** Thread CPU time: on a shared machine it leaves out the time other processes held the core. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private EngineThroughput() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path data = SharedData.resolve("data/binance");
        List<BookTicker> ticks = TickMerge.readMerged(List.of(
                data.resolve("binance_spot_BTCUSDT_bookTicker_20240808.csv.gz"),
                data.resolve("binance_usdm_BTCUSDT_bookTicker_20240808.csv.gz")));
        BookTicker[] input = ticks.toArray(BookTicker[]::new);
        System.out.printf("%,d ticks (%s .. %s)%n", input.length, input[0].getReceiveTsUs(), input[input.length - 1].getReceiveTsUs());
        for (int bar : new int[] {0, 1}) {
            StrategyConfig config = StrategyConfig.builder("rdn")
                    .instrument("BTC-USDT")
                    .venues(List.of("binance-spot"), "binance-usdm")
                    .fee("binance-spot", StrategyConfig.VenueFees.of("0.001", "0.001"))
                    .fee("binance-usdm", StrategyConfig.VenueFees.of("0.0002", "0.0005"))
                    .barSeconds(bar)
                    .build();
            run(bar == 0 ? "rdn, fees, every tick" : "rdn, fees, 1 s bars", config, input, seconds);
        }
    }

    private static void run(String name, StrategyConfig config, BookTicker[] input, double seconds) {
        DefaultInstrumentEngine engine = DefaultInstrumentEngine.create(config);
        CountingOutput out = new CountingOutput();
        String instrument = input[0].getInstrument();
        // warm-up: a third of the time, untimed
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) pass(engine, instrument, input, out);
        long[] wallNs = new long[1 << 16];
        long[] cpuNs = new long[wallNs.length];
        int passes = 0;
        long rows = 0;
        out.reset();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (passes < wallNs.length && System.nanoTime() < end) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            rows += pass(engine, instrument, input, out);
            wallNs[passes] = System.nanoTime() - t0;
            cpuNs[passes++] = CPU.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf("%-24s wall: best %5.1f median %5.1f | thread CPU: best %5.1f median %5.1f M ticks/s%n",
                name, rate(input.length, wallNs, passes, 0), rate(input.length, wallNs, passes, passes / 2),
                rate(input.length, cpuNs, passes, 0), rate(input.length, cpuNs, passes, passes / 2));
        System.out.printf("%-24s %d passes, %d rows/pass; per pass %d signals, %d intents, %d trades, %d rejected%n",
                "", passes, rows / passes, out.signals / passes, out.intents / passes, out.trades / passes,
                out.rejected / passes);
    }

    /** Millions of ticks per second of the {@code rank}-th fastest pass. */
    private static double rate(int ticks, long[] ns, int passes, int rank) {
        long[] sorted = Arrays.copyOf(ns, passes);
        Arrays.sort(sorted);
        return ticks / (sorted[rank] / 1e9) / 1e6;
    }

    private static long pass(DefaultInstrumentEngine engine, String instrument, BookTicker[] input, EngineOutput out) {
        EngineState state = engine.newState(instrument);
        for (BookTicker t : input) engine.onTick(state, t, out);
        engine.onEndOfInput(state, out);
        return state.rows();
    }

    /** Counts emissions, keeping none. */
    private static final class CountingOutput implements EngineOutput {
        long signals, intents, executions, trades, rejected;

        void reset() {
            signals = intents = executions = trades = rejected = 0;
        }

        @Override
        public void signal(Signal signal) {
            signals++;
        }

        @Override
        public void intent(OrderIntent intent) {
            intents++;
        }

        @Override
        public void execution(ExecutionReport report) {
            executions++;
        }

        @Override
        public void trade(Trade trade) {
            trades++;
        }

        @Override
        public void rejected(BookTicker tick, String reason) {
            rejected++;
        }
    }
}
