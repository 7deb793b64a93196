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
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import io.spreadflow.job.serde.JavaSerializedType;
import io.spreadflow.job.serde.RecordTypes;
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
    private transient ValueState<InstrumentState> engineState;
    private transient ValueState<SpreadTracker> spreadState;
    private transient ValueState<long[]> countState;
    private transient Forwarder forwarder;

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
        engineState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("engine-state", RecordTypes.INSTRUMENT_STATE));
        spreadState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("spread-samples", new JavaSerializedType<>(SpreadTracker.class)));
        countState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("tick-count", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        forwarder = new Forwarder();
    }

    @Override
    public void processElement(TickEvent tick, Context ctx, Collector<BacktestEvent> out) throws Exception {
        InstrumentEngine engine = engines.get(tick.paramSet);
        InstrumentState state = engineState.value();
        SpreadTracker spreads = spreadState.value();
        if (state == null) {
            state = engine.newState(tick.instrument);
            spreads = newTracker(configs.get(tick.paramSet), tick.instrument);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        BookTicker t = tick.toBookTicker();
        forwarder.bind(tick.paramSet, out);
        engine.onTick(state, t, forwarder);
        if (spreads != null) spreads.onQuote(tick.venue, tick.receiveTsUs, tick.bidPrice, tick.askPrice);
        long[] count = countState.value();
        if (count == null) count = new long[] {0, tick.receiveTsUs, tick.receiveTsUs};
        count[0]++;
        count[1] = Math.min(count[1], tick.receiveTsUs);
        count[2] = Math.max(count[2], tick.receiveTsUs);
        engineState.update(state);
        spreadState.update(spreads);
        countState.update(count);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacktestEvent> out) throws Exception {
        InstrumentState state = engineState.value();
        if (state == null) return;
        int set = paramSetOf(ctx.getCurrentKey());
        forwarder.bind(set, out);
        engines.get(set).onEndOfInput(state, forwarder);
        SpreadTracker spreads = spreadState.value();
        long[] count = countState.value();
        BacktestEvent e = BacktestEvent.of(set);
        e.spread = spreads == null ? null : spreads.series();
        e.keyInstrument = state.instrument();
        e.keyTicks = count[0];
        e.keyFirstTsUs = count[1];
        e.keyLastTsUs = count[2];
        out.collect(e);
        engineState.clear();
        spreadState.clear();
        countState.clear();
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
