package io.spreadflow.job;

import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInputType;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one workflow of every mode (DESIGN §1, §10): ticks → undecodable input to the dead letters →
 * optional time range → one copy per parameter set (sweeps) → key by (parameter set, instrument),
 * connected with the execution reports of the same key → {@link EngineFunction} → sinks.
 *
 * <p>Live with the execution service, live with in-job paper fills, topic replay, and file or topic
 * backtests and sweeps differ only in what they pass: the tick source, the report source (null when the
 * engines fill their own intents), the engines ({@link EngineFactory}) and the sinks. A backtest is this
 * workflow in {@link RuntimeExecutionMode#BATCH}.
 *
 * <p>Order: every tick of an instrument comes from one source split (one Kafka partition, or the file
 * source subtask that owns the instrument), and a keyBy channel keeps the order of its sender, so the
 * engine sees each key's ticks in input order. In STREAMING the record timestamp is the receive time
 * (watermarks mark the end of input only); in BATCH it is the tick's input sequence, so that BATCH's
 * sort by (key, timestamp) reproduces the input order even where receive times tie.
 */
public final class Workflow {

    private Workflow() {}

    /**
     * How the ticks enter the workflow.
     *
     * @param name           the source's name, also named in the dead letters of ticks the engine refuses
     * @param keyedBySource  the source already emits each engine subtask's keys, parameter-set copies included,
     *                       at the engine's parallelism (tick files): the engine chains to it without a shuffle
     * @param parallelism    the source's parallelism; 0 = the environment's
     * @param fromUs         first receive time to use (inclusive), or null
     * @param toUs           receive time to stop at (exclusive), or null
     * @param summaries      emit each key's summary at the end of input (backtest reports)
     * @param spreadSampleUs sample width of the summaries' spread series; 0 = bar size or 1 s
     */
    public record Ticks(Source<EngineInput, ?, ?> source, String name, boolean keyedBySource, int parallelism,
                        Long fromUs, Long toUs, boolean summaries, long spreadSampleUs) {

        /** A live or replay source: keyed by the workflow, no range, no summaries. */
        public static Ticks live(Source<EngineInput, ?, ?> source, String name) {
            return new Ticks(source, name, false, 0, null, null, false, 0);
        }
    }

    /**
     * Adds the workflow to {@code env} and hands its output to {@code sinks}.
     *
     * @param reports the execution service's reports, or null when the engines fill their own intents
     * @return every event the workflow produced (engine outputs and dead letters), as given to {@code sinks}
     */
    public static DataStream<EngineEvent> defineWorkflow(StreamExecutionEnvironment env, Ticks ticks,
                                                         Source<EngineInput, ?, ?> reports,
                                                         EngineFactory engines, Consumer<DataStream<EngineEvent>> sinks) {
        DataStream<EngineInput> tickStream = tickStream(env, ticks);
        DataStream<EngineInput> reportStream = reports == null ? null
                // no watermarks: reports must not hold back the event time of the ticks
                : env.fromSource(reports, WatermarkStrategy.noWatermarks(), "executions", EngineInputType.INSTANCE)
                .uid("executions-source").name("executions");
        return defineWorkflow(env, tickStream, ticks, reportStream, engines, sinks);
    }

    /** The tick source as a stream with the record timestamps of the environment's mode. */
    public static DataStream<EngineInput> tickStream(StreamExecutionEnvironment env, Ticks ticks) {
        SingleOutputStreamOperator<EngineInput> s = env.fromSource(ticks.source(), watermarks(env.getConfiguration()), ticks.name(),
                EngineInputType.INSTANCE).uid("ticks-source").name(ticks.name());
        if (ticks.parallelism() > 0) s.setParallelism(ticks.parallelism());
        return s;
    }

    /**
     * As {@link #defineWorkflow(StreamExecutionEnvironment, Ticks, Source, EngineFactory, Consumer)} from
     * streams: tests put failures or bounded data in between.
     *
     * @param tickStream ticks with the record timestamps of {@link #watermarks}
     * @param reports    the service's reports as engine inputs (undecodable ones as dead letters), or null
     */
    public static DataStream<EngineEvent> defineWorkflow(StreamExecutionEnvironment env, DataStream<EngineInput> tickStream, Ticks ticks,
                                                         DataStream<EngineInput> reports,
                                                         EngineFactory engines, Consumer<DataStream<EngineEvent>> sinks) {
        if (engines.fillsViaService() && reports == null) {
            throw new IllegalArgumentException("the strategy's execution.mode is 'service' but the workflow has no execution reports to read back");
        }
        // every step before the engine runs at the source's parallelism and chains to it: a rebalance here
        // would interleave one instrument's ticks from two subtasks and break the input order
        int p = tickStream.getParallelism();
        Long from = ticks.fromUs();
        Long to = ticks.toUs();
        // undecodable input travels on to the engine operator, which passes its dead letter on: the
        // workflow then has one output stream, and its sink chains to the engine
        DataStream<EngineInput> input = tickStream
                .filter(t -> t.isRejected() || ((from == null || t.receiveTsUs >= from) && (to == null || t.receiveTsUs < to)))
                .setParallelism(p).name("ticks in range").uid("tick-triage");
        int sets = engines.size();
        if (sets > 1 && !ticks.keyedBySource()) {
            input = input.flatMap((EngineInput t, Collector<EngineInput> out) -> {
                if (t.isRejected()) out.collect(t);
                else for (int i = 0; i < sets; i++) out.collect(t.copyFor(i));
            }).returns(EngineInputType.INSTANCE).setParallelism(p).name("parameter sets").uid("parameter-sets");
        }
        if (reports != null) {
            // the service's reports join the ticks of their instrument (keyed alike, parameter set 0)
            input = input.union(reports);
        }
        EngineFunction.Operator engine = new EngineFunction.Operator(
                new EngineFunction(engines, ticks.name(), ticks.summaries(), ticks.spreadSampleUs(),
                        env.getConfiguration().get(JobOptions.IDLE_AFTER).toMillis())
                        .withHeapInstruments(env.getConfiguration().get(JobOptions.HEAP_INSTRUMENTS)));
        SingleOutputStreamOperator<EngineEvent> engineOut;
        if (ticks.keyedBySource() && reports == null) {
            engineOut = keyedInPlace(env, input, engine, p);
        } else {
            // set, not left to BATCH's adaptive scheduler: a sink at the engine's parallelism then takes each
            // engine subtask's events in order (forward), where a changed parallelism would rebalance them
            engineOut = input.keyBy(EngineInput::key, Types.STRING).transform("instrument engine", EngineEvent.TYPE, engine)
                    .uid("instrument-engine").setParallelism(env.getParallelism());
        }
        sinks.accept(engineOut);
        return engineOut;
    }

    /**
     * The engine keyed on a stream whose subtasks already hold exactly their keys: the keyed operator
     * straight on its input, without the partitioning step that {@code reinterpretAsKeyedStream} adds,
     * which BATCH turns into a blocking exchange. The engine then chains to the source, and every tick
     * is handed over by reference.
     */
    private static SingleOutputStreamOperator<EngineEvent> keyedInPlace(StreamExecutionEnvironment env, DataStream<EngineInput> input,
                                                                       EngineFunction.Operator engine, int parallelism) {
        OneInputTransformation<EngineInput, EngineEvent> t = new OneInputTransformation<>(input.getTransformation(), "instrument engine",
                SimpleOperatorFactory.of(engine), EngineEvent.TYPE, parallelism, false);
        t.setStateKeySelector(EngineInput::key);
        t.setStateKeyType(Types.STRING);
        t.setUid("instrument-engine");
        env.addOperator(t);
        return new SingleOutputStreamOperator<>(env, t) { };
    }

    /**
     * Record timestamps by mode. STREAMING: the receive time, with watermarks that trail it by the
     * configured out-of-orderness (undecodable input carries none and does not move them). BATCH: the
     * input sequence, without watermarks (the end of input fires the engine's timer).
     */
    public static WatermarkStrategy<EngineInput> watermarks(ReadableConfig conf) {
        if (conf.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
            return WatermarkStrategy.<EngineInput>noWatermarks().withTimestampAssigner((e, ts) -> e.seq);
        }
        Duration lateness = conf.get(JobOptions.MAX_OUT_OF_ORDERNESS);
        return WatermarkStrategy.<EngineInput>forBoundedOutOfOrderness(lateness)
                .withTimestampAssigner((e, ts) -> e.isRejected() ? Long.MIN_VALUE : Math.floorDiv(e.receiveTsUs, 1000L));
    }
}
