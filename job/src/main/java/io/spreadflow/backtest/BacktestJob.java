package io.spreadflow.backtest;

import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.List;

/**
 * The backtest as a Flink job: ticks (files or the {@code ticks} topic) → optional time range →
 * one copy per parameter set → keyed by (parameter set, instrument) → engine with the in-job fill model →
 * the engine's signals, intents, fills, trades and spread samples, collected by the client. Tick files
 * are read by one source subtask per engine subtask that emits exactly that engine subtask's keys
 * ({@link TickRouting}), so source and engine chain without a shuffle; a topic goes through keyBy.
 *
 * <p>The record timestamp is the tick's input sequence (see {@link TickEvent}), so that a BATCH run with
 * sorted keyed inputs would still hand the engine each key's ticks in input order; BATCH runs here with
 * that sort switched off (see {@link #environment(Plan)}), which keeps the order by construction.
 */
public final class BacktestJob {

    /** Key groups of the engine; file sources route ticks by them (see {@link TickRouting}). */
    static final int KEY_GROUPS = 128;

    private BacktestJob() {}

    /**
     * What to run.
     *
     * @param configs one strategy configuration per parameter set; a plain backtest has one
     * @param input ticks from files or a topic
     * @param mode BATCH (sorted keyed input, batch state) or STREAMING (a bounded replay)
     * @param fromUs first receive time to use (inclusive), or null
     * @param toUs receive time to stop at (exclusive), or null
     * @param parallelism parallelism of the keyed engine and of the file source
     * @param spreadSampleUs sample width of the report's spread series; 0 = bar size or 1 s
     */
    public record Plan(List<StrategyConfig> configs, BacktestInput input, RuntimeExecutionMode mode,
                       Long fromUs, Long toUs, int parallelism, long spreadSampleUs) {
        public Plan {
            configs = List.copyOf(configs);
            if (configs.isEmpty()) throw new IllegalArgumentException("no strategy configuration");
            if (mode == RuntimeExecutionMode.AUTOMATIC) throw new IllegalArgumentException("mode must be BATCH or STREAMING");
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        }

        public Plan(StrategyConfig config, BacktestInput input, RuntimeExecutionMode mode) {
            this(List.of(config), input, mode, null, null, 1, 0);
        }

        public Plan withParallelism(int p) {
            return new Plan(configs, input, mode, fromUs, toUs, p, spreadSampleUs);
        }

        public Plan withRange(Long from, Long to) {
            return new Plan(configs, input, mode, from, to, parallelism, spreadSampleUs);
        }

        public Plan withMode(RuntimeExecutionMode m) {
            return new Plan(configs, input, m, fromUs, toUs, parallelism, spreadSampleUs);
        }

        public Plan withConfigs(List<StrategyConfig> c) {
            return new Plan(c, input, mode, fromUs, toUs, parallelism, spreadSampleUs);
        }
    }

    /**
     * An environment for {@code plan}: its runtime mode, object reuse (records are not kept by operators),
     * no generic (Kryo) types
     * and, in BATCH, no sort of the keyed input. Every tick of an instrument comes from one source subtask
     * (the file source subtask that owns it, or the one Kafka partition holding the instrument), and a keyBy channel
     * keeps the order of its sender, so the engine already receives each key's ticks in input order:
     * sorting them by (key, sequence) again costs most of a BATCH run and changes nothing.
     */
    public static StreamExecutionEnvironment environment(Plan plan) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // every record type is declared (TickEventType, BacktestEvent.TYPE): a Kryo fall-back fails the build of the job
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (plan.mode() == RuntimeExecutionMode.BATCH) {
            conf.set(ExecutionOptions.SORT_INPUTS, false);
            conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(plan.mode());
        env.setParallelism(plan.parallelism());
        env.setMaxParallelism(KEY_GROUPS);
        return env;
    }

    /** Adds the backtest to {@code env}; the returned stream carries every output event. */
    public static DataStream<BacktestEvent> define(StreamExecutionEnvironment env, Plan plan, StrategyEngines factory) {
        WatermarkStrategy<TickEvent> bySequence = WatermarkStrategy.<TickEvent>noWatermarks()
                .withTimestampAssigner((e, ts) -> e.seq);
        DataStream<TickEvent> ticks;
        int sets = plan.configs().size();
        boolean routed = plan.input() instanceof BacktestInput.Files;
        if (plan.input() instanceof BacktestInput.Files f) {
            // one source subtask per engine subtask, each emitting that subtask's keys (parameter-set copies
            // included) in the merged input order: the engine chains to it, no shuffle
            TickRouting routing = new TickRouting(sets, 0, plan.parallelism(), KEY_GROUPS);
            ticks = env.fromSource(new TickFileSource(f.files(), f.replicas(), routing), bySequence, "tick-files")
                    .setParallelism(plan.parallelism()).uid("tick-files");
        } else if (plan.input() instanceof BacktestInput.Topic t) {
            KafkaSource<TickEvent> source = KafkaSource.<TickEvent>builder()
                    .setBootstrapServers(t.bootstrapServers())
                    .setTopics(t.topic())
                    .setGroupId("spreadflow-backtest")
                    .setStartingOffsets(OffsetsInitializer.earliest())
                    .setBounded(OffsetsInitializer.latest())
                    .setDeserializer(new KafkaTickDeserializer())
                    .build();
            ticks = env.fromSource(source, bySequence, "ticks-topic").uid("ticks-topic");
        } else {
            throw new IllegalArgumentException("unknown input " + plan.input());
        }

        // every step before keyBy runs at the source's parallelism and chains to it: a rebalance here
        // would interleave one instrument's ticks from two subtasks and break the input order
        int sourceParallelism = ticks.getParallelism();
        DataStream<BacktestEvent> rejected = ticks.filter(TickEvent::isRejected).setParallelism(sourceParallelism)
                .name("rejected-input").uid("rejected-input")
                .map(t -> {
                    BacktestEvent e = BacktestEvent.of(0);
                    e.rejected = t.toDeadLetter();
                    return e;
                }).returns(BacktestEvent.TYPE).setParallelism(sourceParallelism).name("dead-letters").uid("dead-letters");

        Long from = plan.fromUs();
        Long to = plan.toUs();
        DataStream<TickEvent> accepted = ticks
                .filter(t -> !t.isRejected() && (from == null || t.receiveTsUs >= from) && (to == null || t.receiveTsUs < to))
                .setParallelism(sourceParallelism).name("time-range").uid("time-range");
        if (sets > 1 && !routed) {
            accepted = accepted.flatMap((TickEvent t, org.apache.flink.util.Collector<TickEvent> out) -> {
                for (int i = 0; i < sets; i++) out.collect(t.copyFor(i));
            }).returns(TickEventType.INSTANCE).setParallelism(sourceParallelism)
                    .name("parameter-sets").uid("parameter-sets");
        }
        KeyedStream<TickEvent, String> keyed = routed
                ? DataStreamUtils.reinterpretAsKeyedStream(accepted, TickEvent::key, Types.STRING)
                : accepted.keyBy(TickEvent::key);
        DataStream<BacktestEvent> outputs = keyed
                .process(new BacktestFunction(plan.configs(), factory, plan.spreadSampleUs()))
                .returns(BacktestEvent.TYPE)
                .name("engine").uid("engine");
        return outputs.union(rejected);
    }

    /** Runs {@code plan} on the environment Flink provides here (a local MiniCluster) and collects the results. */
    public static BacktestResults run(Plan plan, StrategyEngines factory) throws Exception {
        StreamExecutionEnvironment env = environment(plan);
        DataStream<BacktestEvent> events = define(env, plan, factory);
        BacktestResults results = new BacktestResults(plan.configs().size());
        try (CloseableIterator<BacktestEvent> it = events.collectAsync()) {
            JobClient client = env.executeAsync("spreadflow backtest (" + plan.mode().name().toLowerCase() + ")");
            while (it.hasNext()) results.add(it.next());
            client.getJobExecutionResult().get();
        }
        return results;
    }
}
