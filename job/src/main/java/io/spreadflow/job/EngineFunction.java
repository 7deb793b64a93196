package io.spreadflow.job;

import io.spreadflow.engine.BookPart;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.report.SpreadTracker;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Market;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one keyed engine operator, for every mode: live with the execution service, live with in-job
 * paper fills, topic replay, and file or topic backtests and sweeps. Its key is the instrument, or
 * (parameter set, instrument) in a sweep; its input the ticks and, in the live loop, the execution
 * service's reports of the same key ({@link EngineInput}); none come when the engine fills its own
 * intents: its execution port is the configuration's {@code execution.mode}.
 *
 * <p>It loads the key's {@link InstrumentState} (kept in parts: {@link InstrumentStates}), hands the engine the tick or report, stores the state
 * back and emits what the engine produced as {@link EngineEvent}s. It decides nothing itself and never
 * looks at processing time. Ticks that wait for outstanding reports wait inside the engine's state: the
 * engine is the only place that holds them.
 *
 * <p>The only timer is an event-time timer at {@link Long#MAX_VALUE}: it fires when the input ends
 * (bounded replays, BATCH backtests, stop with drain), so the engine can close its last bar, and a
 * backtest gets the key's summary; then the key's state is dropped.
 *
 * <p>Run it in its {@link Operator}: there, on a backend that stores bytes (RocksDB), the states stay on
 * the heap between checkpoints and are written back before each snapshot ({@link WriteBehindState}).
 */
public final class EngineFunction extends KeyedProcessFunction<String, EngineInput, EngineEvent> {

    private static final long serialVersionUID = 1L;

    /** The engine's timer: the end of the input. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    /** The keyed states of the instrument's engine state ({@link InstrumentStates}): what changes every tick, */
    public static final ValueStateDescriptor<MarketPart> MARKET = InstrumentStates.MARKET;
    /** the book's header, the open positions' ids and the order plumbing, */
    public static final ValueStateDescriptor<BookPart> BOOK = InstrumentStates.BOOK;
    /** and the open positions with their legs, by id. */
    public static final MapStateDescriptor<Long, PositionRecord> POSITIONS = InstrumentStates.POSITIONS;
    /** The whole engine state as savepoints before the split hold it: read-only, cleared at the key's next write. */
    public static final ValueStateDescriptor<InstrumentState> LEGACY_STATE = InstrumentStates.LEGACY;
    /** The keyed state of a backtest's report: ticks, time range and sampled spread of the key. */
    static final ValueStateDescriptor<KeySummary> SUMMARY = new ValueStateDescriptor<>("report", new KeySummarySerializer());

    private final EngineFactory engines;
    private final String ticksSource;
    private final long spreadSampleUs;
    private final boolean summaries;
    /** Event time without a tick after which a key loses its market state; 0: never. */
    private final long idleAfterMs;

    /** The most instruments whose states stay on the heap between snapshots ({@link WriteBehindState}). */
    private int heapInstruments = JobOptions.HEAP_INSTRUMENTS.defaultValue();

    private transient List<InstrumentEngine> engine;
    /** The operator, where its backend stores bytes and states stay on the heap; null otherwise. */
    private transient org.apache.flink.streaming.api.operators.AbstractStreamOperator<?> writeBehind;
    private transient InstrumentStates parts;
    private transient WriteBehindState<InstrumentState> states;
    private transient WriteBehindState<KeySummary> summary;
    private transient EngineOutputs outputs;
    private transient EngineMetrics metrics;
    /** One tick instance refilled per tick, for engines that never keep a tick (see {@link #tickFor}). */
    private transient BookTicker reused;

    /**
     * @param engines        builds the engine of each parameter set in each parallel instance
     * @param ticksSource    where ticks come from (topic or files), named in dead letters of refused ticks
     * @param summaries      emit each key's summary at the end of input (backtest reports)
     * @param spreadSampleUs sample width of the summary's spread series; 0 = the bar size (1 s without bars)
     */
    public EngineFunction(EngineFactory engines, String ticksSource, boolean summaries, long spreadSampleUs, long idleAfterMs) {
        this.engines = engines;
        this.ticksSource = ticksSource;
        this.summaries = summaries;
        this.spreadSampleUs = spreadSampleUs;
        this.idleAfterMs = idleAfterMs;
    }

    /** Without the idle timer. */
    public EngineFunction(EngineFactory engines, String ticksSource, boolean summaries, long spreadSampleUs) {
        this(engines, ticksSource, summaries, spreadSampleUs, 0);
    }

    /** The live job's operator: no summaries. */
    public EngineFunction(EngineFactory engines, String ticksSource) {
        this(engines, ticksSource, false, 0);
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) engine.add(engines.create(i));
        parts = new InstrumentStates(getRuntimeContext(), writeBehind != null);
        states = new WriteBehindState<>(parts, writeBehind, heapInstruments);
        summary = summaries ? new WriteBehindState<>(WriteBehindState.Store.of(getRuntimeContext().getState(SUMMARY)), writeBehind, heapInstruments) : null;
        metrics = new EngineMetrics(getRuntimeContext().getMetricGroup(), ticksSource);
        // how close the subtask is to spreadflow.state.heap-instruments (0 where the backend keeps objects)
        getRuntimeContext().getMetricGroup().gauge("instrumentsOnHeap", states::onHeap);
        outputs = new EngineOutputs(ticksSource, metrics);
        reused = new BookTicker();
    }

    @Override
    public void processElement(EngineInput input, Context ctx, Collector<EngineEvent> out) throws Exception {
        if (input.deadLetter != null) {
            // refused before the engine (undecodable); the key's state is not touched
            metrics.deadLetter(input.deadLetter.getReason());
            out.collect(EngineEvent.deadLetter(input.deadLetter));
        } else if (input.report != null) {
            onReport(input.report, ctx, out);
        } else {
            onTick(input, ctx, out);
        }
    }

    /** A tick of the current key: to its parameter set's engine. */
    private void onTick(EngineInput tick, Context ctx, Collector<EngineEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        InstrumentEngine e = engine.get(tick.paramSet);
        InstrumentState state = states.get(key);
        outputs.bind(tick.paramSet, out);
        BookTicker book = tickFor(e, tick);
        outputs.input = tick;
        outputs.inputTick = book;
        metrics.tick(tick.receiveTsUs);
        if (state == null) {
            if (!engines.trades(tick.paramSet, tick.instrument)) {
                // no state for an instrument the configuration does not trade: its ticks are refused, one by one
                outputs.rejected(book, "UNKNOWN_INSTRUMENT " + tick.instrument + " is not among the configuration's instruments "
                        + engines.parameterSets().get(tick.paramSet).instruments());
                return;
            }
            state = e.newState(tick.instrument);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        // a new key, or one whose market part went idle, arms its idle timer with its first tick
        boolean arm = idleAfterMs > 0 && state.lastTickUs() == Long.MIN_VALUE;
        e.onTick(state, book, outputs);
        states.update(key, state);
        if (arm && state.lastTickUs() != Long.MIN_VALUE) {
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(state.lastTickUs(), 1000L) + idleAfterMs);
        }
        // positions and held ticks change only with an output, or while ticks wait for reports
        if (outputs.emitted > 0 || e.maxHeldTicks() > 0) metrics.instrument(key, state);
        if (summary != null) {
            KeySummary s = summary.get(key);
            if (s == null) s = new KeySummary(tick.instrument, newTracker(engines.parameterSets().get(tick.paramSet), tick.instrument), tick.receiveTsUs);
            s.add(tick);
            summary.update(key, s);
        }
    }

    /** A report of the execution service for the current key (an instrument: service execution runs one parameter set). */
    private void onReport(ExecutionReport report, Context ctx, Collector<EngineEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        InstrumentEngine e = engine.get(0);
        InstrumentState state = states.get(key);
        if (state == null) {
            state = e.newState(key);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        outputs.bind(0, out);
        outputs.input = null;
        outputs.inputTick = null;
        e.onExecution(state, report, outputs);
        states.update(key, state);
        metrics.instrument(key, state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EngineEvent> out) throws Exception {
        if (timestamp != END_OF_INPUT) {
            onIdleTimer(timestamp, ctx, out);
            return;
        }
        String key = ctx.getCurrentKey();
        int set = paramSetOf(key);
        InstrumentState state = states.get(key);
        if (state != null) {
            outputs.bind(set, out);
            engine.get(set).onEndOfInput(state, outputs);
        }
        states.forget(key);
        metrics.forget(key);
        if (summary != null) {
            KeySummary s = summary.get(key);
            if (s != null) {
                EngineEvent e = EngineEvent.of(set);
                e.spread = s.spreads == null ? null : s.spreads.series();
                e.keyInstrument = s.instrument;
                e.keyTicks = s.ticks;
                e.keyFirstTsUs = s.firstTsUs;
                e.keyLastTsUs = s.lastTsUs;
                out.collect(e);
            }
            summary.forget(key);
        }
    }

    /**
     * The idle timer of a key: no tick since {@code idleAfterMs} before {@code timestamp} clears its market
     * state (the engine keeps what the instrument holds, and says so in a signal); a tick since then moves the
     * timer on. At the end of a bounded input every timer fires: the end-of-input timer decides then.
     */
    private void onIdleTimer(long timestamp, OnTimerContext ctx, Collector<EngineEvent> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) return;
        String key = ctx.getCurrentKey();
        InstrumentState state = states.get(key);
        if (state == null || state.lastTickUs() == Long.MIN_VALUE) return;
        long due = Math.floorDiv(state.lastTickUs(), 1000L) + idleAfterMs;
        if (due > timestamp) {
            ctx.timerService().registerEventTimeTimer(due);
            return;
        }
        int set = paramSetOf(key);
        outputs.bind(set, out);
        outputs.input = null;
        outputs.inputTick = null;
        InstrumentState kept = engine.get(set).onIdle(state, timestamp * 1000L, outputs);
        states.update(key, kept);
        metrics.instrument(key, kept);
    }

    /** The parameter set of a key: {@code set|instrument} in sweeps, the instrument alone for set 0. */
    static int paramSetOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? 0 : Integer.parseInt(key.substring(0, bar));
    }

    /**
     * The tick as the engine reads it. An engine whose ticks never wait ({@code maxHeldTicks() == 0}) reads
     * a tick's values during {@code onTick} and keeps no reference to it (refusals are rendered at once),
     * so one instance is refilled for every tick; an engine that may hold ticks gets its own copy.
     */
    private BookTicker tickFor(InstrumentEngine engine, EngineInput tick) {
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
        t.setExchangeTsUs(tick.exchangeTsUs == EngineInput.ABSENT ? null : tick.exchangeTsUs);
        t.setUpdateId(tick.updateId == EngineInput.ABSENT ? null : tick.updateId);
        return t;
    }

    private static final Market[] MARKETS = Market.values();

    private SpreadTracker newTracker(StrategyConfig c, String instrument) {
        StrategyConfig.VenueRoles v = c.venues();
        if (v.spot().isEmpty() || (v.futures() == null && v.spot().size() < 2)) return null;
        long sample = spreadSampleUs > 0 ? spreadSampleUs : c.barSeconds() > 0 ? c.barMicros() : 1_000_000L;
        return new SpreadTracker(instrument, v.spot(), v.futures(), sample);
    }

    /** The engine state of {@code key}, the operator's current key, as the operator holds it now (tests). */
    InstrumentState stateOf(String key) throws IOException {
        return states.get(key);
    }

    /** Positions put into the keyed state so far (tests). */
    long positionPuts() {
        return parts.positionPuts();
    }

    /** The operator's metrics (tests). */
    EngineMetrics metrics() {
        return metrics;
    }

    /** Keep states on the heap between snapshots, of {@code operator}; set by the operator before the function opens. */
    void useWriteBehind(org.apache.flink.streaming.api.operators.AbstractStreamOperator<?> operator) {
        this.writeBehind = operator;
    }

    /** Keeps at most {@code n} instruments' states on the heap; the others are read from the state backend. */
    public EngineFunction withHeapInstruments(int n) {
        if (n < 1) throw new IllegalArgumentException(JobOptions.HEAP_INSTRUMENTS.key() + " must be >= 1, was " + n);
        this.heapInstruments = n;
        return this;
    }

    /** Instruments whose states are on the heap now (tests). */
    int statesOnHeap() {
        return states.onHeap();
    }

    /** Writes the values changed since the last snapshot into the keyed state; see {@link WriteBehindState}. */
    void writeChanged(org.apache.flink.streaming.api.operators.AbstractStreamOperator<?> operator) throws IOException {
        states.writeChanged(operator);
        if (summary != null) summary.writeChanged(operator);
    }

    /**
     * The keyed operator that runs the {@link EngineFunction}: where the state backend stores bytes
     * (RocksDB), its keys' states stay on the heap between checkpoints, written into the keyed state
     * before each snapshot ({@link WriteBehindState}). The heap and batch backends snapshot the very
     * objects they hold, so there every update reaches them at once.
     */
    public static final class Operator extends KeyedProcessOperator<String, EngineInput, EngineEvent> {

        private static final long serialVersionUID = 1L;

        public Operator(EngineFunction function) {
            super(function);
        }

        @Override
        public void open() throws Exception {
            KeyedStateBackend<?> backend = getKeyedStateBackend();
            ((EngineFunction) userFunction).useWriteBehind(backend != null && backend.isSafeToReuseKVState() ? this : null);
            super.open();
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            ((EngineFunction) userFunction).writeChanged(this);
            super.snapshotState(context);
        }
    }
}
