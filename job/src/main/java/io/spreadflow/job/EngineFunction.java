package io.spreadflow.job;

import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.job.serde.RecordTypes;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.ByteBuffer;

/**
 * Runs the {@link InstrumentEngine} for each instrument (the key): loads the instrument's
 * {@link InstrumentState}, hands it the tick or execution report, stores it back, and forwards what the
 * engine emitted — signals on the main output, intents, fills, trades and rejected ticks on side
 * outputs. It decides nothing itself and never looks at processing time.
 *
 * <p>The only timer is an event-time timer at {@link Long#MAX_VALUE}: it fires when the input ends
 * (bounded replays, BATCH backtests, stop with drain), so the engine can close its last bar; then the
 * instrument's state is dropped.
 */
public final class EngineFunction extends KeyedProcessFunction<String, Either<BookTicker, ExecutionReport>, Signal> {

    private static final long serialVersionUID = 1L;

    /** The engine's timer: the end of the input. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    public static final OutputTag<OrderIntent> INTENTS = new OutputTag<>("order-intents", RecordTypes.ORDER_INTENT);
    public static final OutputTag<ExecutionReport> EXECUTIONS = new OutputTag<>("executions", RecordTypes.EXECUTION_REPORT);
    public static final OutputTag<Trade> TRADES = new OutputTag<>("trades", RecordTypes.TRADE);
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected-ticks", RecordTypes.DEAD_LETTER);

    private final EngineFactory engineFactory;
    private final String ticksSource;

    private transient InstrumentEngine engine;
    private transient ValueState<InstrumentState> instrumentState;
    private transient Emitter emitter;

    /**
     * @param engineFactory builds the engine in each parallel instance
     * @param ticksSource   where ticks come from (the topic), named in dead letters of rejected ticks
     */
    public EngineFunction(EngineFactory engineFactory, String ticksSource) {
        this.engineFactory = engineFactory;
        this.ticksSource = ticksSource;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = engineFactory.create();
        instrumentState = getRuntimeContext().getState(new ValueStateDescriptor<>("instrument", RecordTypes.INSTRUMENT_STATE));
        emitter = new Emitter(ticksSource);
    }

    @Override
    public void processElement(Either<BookTicker, ExecutionReport> input, Context ctx, Collector<Signal> signals) throws Exception {
        InstrumentState state = instrumentState.value();
        if (state == null) {
            state = engine.newState(ctx.getCurrentKey());
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        emitter.bind(ctx, signals);
        if (input.isLeft()) engine.onTick(state, input.left(), emitter);
        else engine.onExecution(state, input.right(), emitter);
        // RocksDB hands out a copy: what the engine changed exists only once it is written back
        instrumentState.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> signals) throws Exception {
        InstrumentState state = instrumentState.value();
        if (state != null) {
            emitter.bind(ctx, signals);
            engine.onEndOfInput(state, emitter);
        }
        instrumentState.clear();
    }

    /** Routes the engine's calls to the operator's outputs; rebound for every element. */
    private static final class Emitter implements EngineOutput {
        private final String ticksSource;
        private final AvroBinaryCodec<BookTicker> tickCodec = AvroBinaryCodec.of(BookTicker.class);
        private Context ctx;
        private Collector<Signal> signals;

        Emitter(String ticksSource) {
            this.ticksSource = ticksSource;
        }

        void bind(Context ctx, Collector<Signal> signals) {
            this.ctx = ctx;
            this.signals = signals;
        }

        @Override public void signal(Signal signal) { signals.collect(signal); }
        @Override public void intent(OrderIntent intent) { ctx.output(INTENTS, intent); }
        @Override public void execution(ExecutionReport report) { ctx.output(EXECUTIONS, report); }
        @Override public void trade(Trade trade) { ctx.output(TRADES, trade); }

        @Override
        public void rejected(BookTicker tick, String reason) {
            ctx.output(REJECTED, DeadLetter.newBuilder()
                    .setSource(ticksSource)
                    .setPartition(null)
                    .setOffset(null)
                    .setRaw(ByteBuffer.wrap(tickCodec.encode(tick)))
                    .setRawText(tick.toString())
                    .setReason(reason)
                    .setEventTsUs(tick.getReceiveTsUs())
                    .build());
        }
    }
}
