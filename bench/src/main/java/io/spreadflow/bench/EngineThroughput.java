package io.spreadflow.bench;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.SharedData;
import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Single-thread throughput of the engine alone on the real Binance BTCUSDT recording of 2024-08-08
 * (spot and USD-M merged by receive time, 94,129 ticks): rdn with taker fees, once on every tick and
 * once on 1 s bars. The file is decoded once, before timing; each pass feeds every tick to a fresh
 * instrument state and ends the input. Not a test: run it by hand.
 *
 * <p>Two ways to hand the ticks over, as the first argument:
 * <ul>
 *   <li>{@code reuse} (default): one {@link BookTicker} refilled from the decoded columns for every
 *   tick, as a source with object reuse does, so the tick is hot in cache as it is after decoding;
 *   the refill is timed with the engine;</li>
 *   <li>{@code objects}: the 94 k decoded objects, each with its own strings; reading them back from
 *   memory then weighs on the figure.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -B -pl bench -am -DskipTests package
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) -Dspreadflow.root=$PWD \
 *      io.spreadflow.bench.EngineThroughput [reuse|objects] [seconds-per-variant (5)]
 * </pre>
 *
 * It prints, per variant, the best and the median pass in ticks per second, by wall clock and by the
 * thread's CPU time (the figure per core on a machine other processes share), and what a pass emitted
 * (a correct rdn emits nothing here: the recording's basis is a few basis points).
 */
public final class EngineThroughput {

    /** Thread CPU time: on a shared machine it leaves out the time other processes held the core. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private EngineThroughput() {}

    /** The decoded recording, column by column. */
    private record Columns(String instrument, String[] venueNames, int[] venue, long[] ts, double[] bid,
                           double[] bidQty, double[] ask, double[] askQty, BookTicker[] objects) {

        static Columns of(List<BookTicker> ticks) {
            int n = ticks.size();
            List<String> names = new ArrayList<>();
            int[] venue = new int[n];
            long[] ts = new long[n];
            double[] bid = new double[n], bidQty = new double[n], ask = new double[n], askQty = new double[n];
            for (int i = 0; i < n; i++) {
                BookTicker t = ticks.get(i);
                int v = names.indexOf(t.getVenue());
                if (v < 0) {
                    v = names.size();
                    names.add(t.getVenue());
                }
                venue[i] = v;
                ts[i] = t.getReceiveTsUs();
                bid[i] = t.getBidPrice();
                bidQty[i] = t.getBidQty();
                ask[i] = t.getAskPrice();
                askQty[i] = t.getAskQty();
            }
            return new Columns(ticks.get(0).getInstrument(), names.toArray(String[]::new), venue, ts, bid, bidQty, ask,
                    askQty, ticks.toArray(BookTicker[]::new));
        }

        int size() {
            return ts.length;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean reuse = args.length == 0 || !args[0].equals("objects");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Path data = SharedData.resolve("data/binance");
        Columns input = Columns.of(TickFileReader.readMerged(List.of(
                data.resolve("binance_spot_BTCUSDT_bookTicker_20240808.csv.gz"),
                data.resolve("binance_usdm_BTCUSDT_bookTicker_20240808.csv.gz"))));
        System.out.printf("%,d ticks of %s (%s .. %s), handed over as %s%n", input.size(), String.join(" + ", input.venueNames()),
                input.ts()[0], input.ts()[input.size() - 1], reuse ? "one reused record" : "decoded objects");
        for (int bar : new int[] {0, 1}) {
            StrategyConfig config = StrategyConfig.builder("rdn")
                    .instrument("BTC-USDT")
                    .venues(List.of("binance-spot"), "binance-usdm")
                    .fee("binance-spot", StrategyConfig.VenueFees.of("0.001", "0.001"))
                    .fee("binance-usdm", StrategyConfig.VenueFees.of("0.0002", "0.0005"))
                    .barSeconds(bar)
                    .build();
            run(bar == 0 ? "rdn, fees, every tick" : "rdn, fees, 1 s bars", config, input, reuse, seconds);
        }
    }

    private static void run(String name, StrategyConfig config, Columns input, boolean reuse, double seconds) {
        DefaultInstrumentEngine engine = DefaultInstrumentEngine.create(config);
        CountingOutput out = new CountingOutput();
        BookTicker record = BookTicker.newBuilder(input.objects()[0]).build();
        // warm-up: a third of the time, untimed
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) pass(engine, input, reuse, record, out);
        long[] wallNs = new long[1 << 16];
        long[] cpuNs = new long[wallNs.length];
        int passes = 0;
        long rows = 0;
        out.reset();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (passes < wallNs.length && System.nanoTime() < end) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            rows += pass(engine, input, reuse, record, out);
            wallNs[passes] = System.nanoTime() - t0;
            cpuNs[passes++] = CPU.getCurrentThreadCpuTime() - c0;
        }
        int n = input.size();
        System.out.printf("%-24s wall: best %5.1f median %5.1f | thread CPU: best %5.1f median %5.1f M ticks/s%n",
                name, rate(n, wallNs, passes, 0), rate(n, wallNs, passes, passes / 2),
                rate(n, cpuNs, passes, 0), rate(n, cpuNs, passes, passes / 2));
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

    private static long pass(DefaultInstrumentEngine engine, Columns in, boolean reuse, BookTicker record, EngineOutput out) {
        EngineState state = engine.newState(in.instrument());
        int n = in.size();
        if (reuse) {
            String[] names = in.venueNames();
            int[] venue = in.venue();
            long[] ts = in.ts();
            double[] bid = in.bid(), bidQty = in.bidQty(), ask = in.ask(), askQty = in.askQty();
            for (int i = 0; i < n; i++) {
                record.setVenue(names[venue[i]]);
                record.setReceiveTsUs(ts[i]);
                record.setBidPrice(bid[i]);
                record.setBidQty(bidQty[i]);
                record.setAskPrice(ask[i]);
                record.setAskQty(askQty[i]);
                engine.onTick(state, record, out);
            }
        } else {
            BookTicker[] ticks = in.objects();
            for (int i = 0; i < n; i++) engine.onTick(state, ticks[i], out);
        }
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
