package io.spreadflow.backtest;

import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.SpreadTracker;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Market;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import io.spreadflow.job.serde.JavaSerializedType;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the engine of a tick's parameter set on the tick's instrument state, with the in-job fill
 * model, and emits what the engine produced. At the end of input (the one event-time timer, which
 * fires only once every tick of the key was processed, in BATCH and bounded STREAMING alike) the
 * engine closes its last bar and the sampled spread is emitted.
 */
public class BacktestFunction extends KeyedProcessFunction<String, TickEvent, BacktestEvent> {

    private static final long serialVersionUID = 1L;

    private final List<StrategyConfig> configs;
    private final StrategyEngines factory;
    private final long spreadSampleUs;

    private transient List<InstrumentEngine> engines;
    private transient ValueState<KeyRun> runState;
    private transient Forwarder forwarder;
    /** One tick instance refilled per tick, for engines that never keep a tick (see {@link #tickFor}). */
    private transient BookTicker reused;

    /**
     * @param configs one configuration per parameter set (index = {@link TickEvent#paramSet})
     * @param spreadSampleUs sample width of the report's spread series; 0 = the bar size (1 s without bars)
     */
    public BacktestFunction(List<StrategyConfig> configs, StrategyEngines factory, long spreadSampleUs) {
        this.configs = List.copyOf(configs);
        this.factory = factory;
        this.spreadSampleUs = spreadSampleUs;
    }

    @Override
    public void open(OpenContext ctx) {
        engines = new ArrayList<>();
        for (StrategyConfig c : configs) engines.add(factory.forConfig(c));
        runState = getRuntimeContext().getState(new ValueStateDescriptor<>("run", new JavaSerializedType<>(KeyRun.class)));
        forwarder = new Forwarder();
        reused = new BookTicker();
    }

    @Override
    public void processElement(TickEvent tick, Context ctx, Collector<BacktestEvent> out) throws Exception {
        InstrumentEngine engine = engines.get(tick.paramSet);
        KeyRun run = runState.value();
        if (run == null) {
            run = new KeyRun(engine.newState(tick.instrument), newTracker(configs.get(tick.paramSet), tick.instrument),
                    tick.receiveTsUs);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        forwarder.bind(tick.paramSet, out);
        engine.onTick(run.state, tickFor(engine, tick), forwarder);
        if (run.spreads != null) run.spreads.onQuote(tick.venue, tick.receiveTsUs, tick.bidPrice, tick.askPrice);
        run.ticks++;
        run.firstTsUs = Math.min(run.firstTsUs, tick.receiveTsUs);
        run.lastTsUs = Math.max(run.lastTsUs, tick.receiveTsUs);
        runState.update(run);
    }

    /**
     * The tick as the engine reads it. An engine whose ticks never wait ({@code maxHeldTicks() == 0}) reads
     * a tick's values during {@code onTick} and keeps no reference to it (rejections are rendered to text at
     * once), so one instance is refilled for every tick; an engine that may hold ticks gets its own copy.
     */
    private BookTicker tickFor(InstrumentEngine engine, TickEvent tick) {
        if (engine.maxHeldTicks() > 0) return tick.toBookTicker();
        BookTicker t = reused;
        t.setInstrument(tick.instrument);
        t.setVenue(tick.venue);
        t.setVenueSymbol(tick.venueSymbol);
        t.setMarket(MARKETS[tick.market]);
        t.setBidPrice(tick.bidPrice);
        t.setBidQty(tick.bidQty);
        t.setAskPrice(tick.askPrice);
        t.setAskQty(tick.askQty);
        t.setReceiveTsUs(tick.receiveTsUs);
        t.setExchangeTsUs(tick.exchangeTsUs == TickEvent.ABSENT ? null : tick.exchangeTsUs);
        t.setUpdateId(tick.updateId == TickEvent.ABSENT ? null : tick.updateId);
        return t;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacktestEvent> out) throws Exception {
        KeyRun run = runState.value();
        if (run == null) return;
        int set = paramSetOf(ctx.getCurrentKey());
        forwarder.bind(set, out);
        engines.get(set).onEndOfInput(run.state, forwarder);
        BacktestEvent e = BacktestEvent.of(set);
        e.spread = run.spreads == null ? null : run.spreads.series();
        e.keyInstrument = run.state.instrument();
        e.keyTicks = run.ticks;
        e.keyFirstTsUs = run.firstTsUs;
        e.keyLastTsUs = run.lastTsUs;
        out.collect(e);
        runState.clear();
    }

    private SpreadTracker newTracker(StrategyConfig c, String instrument) {
        StrategyConfig.VenueRoles v = c.venues();
        if (v.spot().isEmpty() || (v.futures() == null && v.spot().size() < 2)) return null;
        long sample = spreadSampleUs > 0 ? spreadSampleUs : c.barSeconds() > 0 ? c.barMicros() : 1_000_000L;
        return new SpreadTracker(instrument, v.spot(), v.futures(), sample);
    }

    static int paramSetOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? 0 : Integer.parseInt(key.substring(0, bar));
    }

    private static final Market[] MARKETS = Market.values();

    /** Everything a key's run keeps: one state entry, read and written once per tick. */
    static final class KeyRun implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final InstrumentState state;
        final SpreadTracker spreads;
        long ticks;
        long firstTsUs;
        long lastTsUs;

        KeyRun(InstrumentState state, SpreadTracker spreads, long tsUs) {
            this.state = state;
            this.spreads = spreads;
            this.firstTsUs = tsUs;
            this.lastTsUs = tsUs;
        }
    }

    /** Wraps what the engine reports into events of the current parameter set. */
    private static final class Forwarder implements EngineOutput {
        private int paramSet;
        private Collector<BacktestEvent> out;

        void bind(int set, Collector<BacktestEvent> collector) {
            this.paramSet = set;
            this.out = collector;
        }

        @Override
        public void signal(Signal signal) {
            BacktestEvent e = BacktestEvent.of(paramSet);
            e.signal = signal;
            out.collect(e);
        }

        @Override
        public void intent(OrderIntent intent) {
            BacktestEvent e = BacktestEvent.of(paramSet);
            e.intent = intent;
            out.collect(e);
        }

        @Override
        public void execution(ExecutionReport report) {
            BacktestEvent e = BacktestEvent.of(paramSet);
            e.execution = report;
            out.collect(e);
        }

        @Override
        public void trade(Trade trade) {
            BacktestEvent e = BacktestEvent.of(paramSet);
            e.trade = trade;
            out.collect(e);
        }

        @Override
        public void rejected(BookTicker tick, String reason) {
            BacktestEvent e = BacktestEvent.of(paramSet);
            e.rejected = DeadLetter.newBuilder()
                    .setSource("engine")
                    .setRaw(java.nio.ByteBuffer.wrap(tick.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .setRawText(tick.toString())
                    .setReason(reason)
                    .setEventTsUs(tick.getReceiveTsUs())
                    .build();
            out.collect(e);
        }
    }
}
