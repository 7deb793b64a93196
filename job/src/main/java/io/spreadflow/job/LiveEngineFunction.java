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
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The live path's keyed operator: the ticks of an instrument (first input) and the execution service's
 * reports for it (second input, read back from {@code executions}), both keyed by instrument, into one
 * {@link InstrumentState} — the same state {@link EngineFunction} keeps — through
 * {@link InstrumentEngine#onTick} and {@link InstrumentEngine#onExecution}. What the engine emits goes
 * where {@link EngineFunction} sends it: signals on the main output, intents, trades and rejected ticks
 * on its side outputs.
 *
 * <p>While the engine waits for the reports of orders that are out ({@link InstrumentEngine#holdsTicks}),
 * the instrument's ticks wait in a list state beside it, so that holding a tick costs an append rather
 * than a rewrite of the engine's state; each report lets them through as far as the engine takes them.
 *
 * <p>The engine must leave execution to the service ({@link InstrumentEngine#fillsInJob()} false):
 * an engine filling in-job as well would book fills the service never made.
 *
 * <p>Run it in its {@link Operator}: there, on a backend that stores bytes (RocksDB), the engine states
 * and the held-tick counts stay on the heap between checkpoints and are written back before each snapshot
 * ({@link WriteBehindState}).
 */
public final class LiveEngineFunction extends KeyedCoProcessFunction<String, BookTicker, ExecutionReport, Signal>
        implements WriteBehindFunction {

    private static final long serialVersionUID = 1L;

    /** The keyed state: the instrument's engine state, under the name {@link EngineFunction} uses. */
    public static final ValueStateDescriptor<InstrumentState> STATE = EngineFunction.STATE;
    /** Ticks waiting for outstanding reports, in arrival order: a list, so that holding one more costs one append. */
    public static final ListStateDescriptor<BookTicker> HELD = new ListStateDescriptor<>("held-ticks", RecordTypes.BOOK_TICKER);
    /** How many ticks {@link #HELD} holds. */
    public static final ValueStateDescriptor<Integer> HELD_COUNT = new ValueStateDescriptor<>("held-tick-count", Types.INT);

    private final EngineFactory engineFactory;
    private final String ticksSource;

    private transient InstrumentEngine engine;
    private transient WriteBehindState<InstrumentState> states;
    /** Set by {@link Operator} before {@link #open}: keep the engine states on the heap between snapshots. */
    private transient boolean writeBehind;
    private transient ListState<BookTicker> held;
    private transient WriteBehindState<Integer> heldCount;
    private transient Outputs outputs;

    /**
     * @param engineFactory builds the engine in each parallel instance; its engine must not fill in-job
     * @param ticksSource   where ticks come from (the topic), named in dead letters of rejected ticks
     */
    public LiveEngineFunction(EngineFactory engineFactory, String ticksSource) {
        this.engineFactory = engineFactory;
        this.ticksSource = ticksSource;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = engineFactory.create();
        if (engine.fillsInJob()) {
            throw new IllegalArgumentException("the live job sends intents to the execution service, but the strategy configuration "
                    + "fills them in the job as well: set execution.mode to 'service'");
        }
        states = new WriteBehindState<>(getRuntimeContext().getState(STATE), writeBehind);
        held = getRuntimeContext().getListState(HELD);
        heldCount = new WriteBehindState<>(getRuntimeContext().getState(HELD_COUNT), writeBehind);
        outputs = new Outputs(ticksSource);
    }

    /**
     * A tick: to the engine, or, while the engine waits for the reports of orders that are out, appended
     * to the held ticks without touching the engine's state. Held longer than the engine allows, they all
     * go through.
     */
    @Override
    public void processElement1(BookTicker tick, Context ctx, Collector<Signal> signals) throws Exception {
        String instrument = ctx.getCurrentKey();
        Integer n = heldCount.get(instrument);
        InstrumentState state = null;
        if (n == null) {
            state = state(ctx);
            if (!engine.holdsTicks(state)) {
                outputs.bind(ctx, signals);
                engine.onTick(state, tick, outputs);
                states.update(instrument, state);
                return;
            }
            n = 0;
        }
        held.add(tick);
        if (++n <= engine.maxHeldTicks()) {
            heldCount.update(instrument, n);
            return;
        }
        // waited long enough for the service: the ticks go on, and the leg timeout takes over
        if (state == null) state = state(ctx);
        outputs.bind(ctx, signals);
        for (BookTicker t : held.get()) engine.onHeldTick(state, t, outputs);
        held.clear();
        heldCount.clear(instrument);
        states.update(instrument, state);
    }

    /** A report: to the engine; then the held ticks go through, in order, for as long as the engine takes them. */
    @Override
    public void processElement2(ExecutionReport report, Context ctx, Collector<Signal> signals) throws Exception {
        String instrument = ctx.getCurrentKey();
        InstrumentState state = state(ctx);
        outputs.bind(ctx, signals);
        engine.onExecution(state, report, outputs);
        if (heldCount.get(instrument) != null && !engine.holdsTicks(state)) {
            List<BookTicker> waiting = new ArrayList<>();
            held.get().forEach(waiting::add);
            int i = 0;
            while (i < waiting.size() && !engine.holdsTicks(state)) engine.onTick(state, waiting.get(i++), outputs);
            if (i == waiting.size()) {
                held.clear();
                heldCount.clear(instrument);
            } else {
                held.update(waiting.subList(i, waiting.size()));
                heldCount.update(instrument, waiting.size() - i);
            }
        }
        states.update(instrument, state);
    }

    private InstrumentState state(Context ctx) throws Exception {
        InstrumentState s = states.get(ctx.getCurrentKey());
        return s != null ? s : engine.newState(ctx.getCurrentKey());
    }

    /** How many ticks wait for {@code instrument}, the current key (what the operator holds, before any snapshot writes it). */
    int heldTicks(String instrument) throws IOException {
        Integer n = heldCount.get(instrument);
        return n == null ? 0 : n;
    }

    @Override
    public void useWriteBehind(boolean writeBehind) {
        this.writeBehind = writeBehind;
    }

    /** Writes the values changed since the last snapshot into the keyed state; see {@link WriteBehindState}. */
    @Override
    public void writeChanged(AbstractStreamOperator<?> operator) throws IOException {
        states.writeChanged(operator);
        heldCount.writeChanged(operator);
    }

    /**
     * The keyed operator that runs a {@link LiveEngineFunction}: where the state backend stores bytes, its
     * instruments' engine states stay on the heap between checkpoints, written into the keyed state before
     * each snapshot ({@link WriteBehindState}).
     */
    public static final class Operator extends KeyedCoProcessOperator<String, BookTicker, ExecutionReport, Signal> {

        private static final long serialVersionUID = 1L;

        public Operator(LiveEngineFunction function) {
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
    private static final class Outputs extends OperatorOutputs {
        private Context ctx;

        Outputs(String ticksSource) {
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
