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
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
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
 *
 * <p>Run it in its {@link Operator}: there, on a backend that stores bytes (RocksDB), the states stay on
 * the heap between checkpoints and are written back before each snapshot ({@link WriteBehindState});
 * in a plain {@link KeyedProcessOperator} every record reads and writes its instrument's keyed state.
 */
public final class EngineFunction extends KeyedProcessFunction<String, Either<BookTicker, ExecutionReport>, Signal>
        implements WriteBehindFunction {

    private static final long serialVersionUID = 1L;

    /** The engine's timer: the end of the input. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    public static final OutputTag<OrderIntent> INTENTS = new OutputTag<>("order-intents", RecordTypes.ORDER_INTENT);
    public static final OutputTag<ExecutionReport> EXECUTIONS = new OutputTag<>("executions", RecordTypes.EXECUTION_REPORT);
    public static final OutputTag<Trade> TRADES = new OutputTag<>("trades", RecordTypes.TRADE);
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected-ticks", RecordTypes.DEAD_LETTER);

    /** The keyed state: the instrument's engine state. */
    public static final ValueStateDescriptor<InstrumentState> STATE = new ValueStateDescriptor<>("instrument", RecordTypes.INSTRUMENT_STATE);

    private final EngineFactory engineFactory;
    private final String ticksSource;

    private transient InstrumentEngine engine;
    private transient WriteBehindState<InstrumentState> states;
    /** Set by {@link Operator} before {@link #open}: keep the states on the heap between snapshots. */
    private transient boolean writeBehind;
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
        states = new WriteBehindState<>(getRuntimeContext().getState(STATE), writeBehind);
        emitter = new Emitter(ticksSource);
    }

    @Override
    public void processElement(Either<BookTicker, ExecutionReport> input, Context ctx, Collector<Signal> signals) throws Exception {
        String instrument = ctx.getCurrentKey();
        InstrumentState state = states.get(instrument);
        if (state == null) {
            state = engine.newState(instrument);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        emitter.bind(ctx, signals);
        if (input.isLeft()) engine.onTick(state, input.left(), emitter);
        else engine.onExecution(state, input.right(), emitter);
        states.update(instrument, state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> signals) throws Exception {
        String instrument = ctx.getCurrentKey();
        InstrumentState state = states.get(instrument);
        if (state != null) {
            emitter.bind(ctx, signals);
            engine.onEndOfInput(state, emitter);
        }
        states.forget(instrument);
    }

    @Override
    public void useWriteBehind(boolean writeBehind) {
        this.writeBehind = writeBehind;
    }

    /** Writes the states changed since the last snapshot into the keyed state; see {@link WriteBehindState}. */
    @Override
    public void writeChanged(AbstractStreamOperator<?> operator) throws IOException {
        states.writeChanged(operator);
    }

    /**
     * The keyed operator that runs an {@link EngineFunction}: where the state backend stores bytes, its
     * instruments' states stay on the heap between checkpoints, written into the keyed state before each
     * snapshot ({@link WriteBehindState}).
     */
    public static final class Operator extends KeyedProcessOperator<String, Either<BookTicker, ExecutionReport>, Signal> {

        private static final long serialVersionUID = 1L;

        public Operator(EngineFunction function) {
            super(function);
        }

        @Override
        public void open() throws Exception {
            ((WriteBehindFunction) userFunction).useWriteBehind(WriteBehindFunction.backendStoresBytes(this));
            super.open();
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            ((WriteBehindFunction) userFunction).writeChanged(this);
            super.snapshotState(context);
        }
    }

    /** The engine's outputs bound to this function's context; rebound for every element. */
    private static final class Emitter extends OperatorOutputs {
        private Context ctx;

        Emitter(String ticksSource) {
            super(ticksSource);
        }

        void bind(Context ctx, Collector<Signal> signals) {
            this.ctx = ctx;
            bindSignals(signals);
        }

        @Override
        <X> void side(OutputTag<X> tag, X value) {
            ctx.output(tag, value);
        }
    }
}
