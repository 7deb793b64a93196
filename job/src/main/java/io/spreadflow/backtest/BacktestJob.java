package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.FundingSchedule;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.EngineEvent;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.Workflow;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.ChainingStrategy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The backtest: the one {@link Workflow} in BATCH (or bounded STREAMING) mode over tick files or the
 * {@code ticks} topic, its engines filling their intents in the job, its events collected for the report
 * folder. Tick files are read by one source subtask per engine subtask that emits exactly that engine
 * subtask's keys ({@link TickRouting}), so source and engine chain without a shuffle; a topic goes
 * through keyBy.
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
     * An environment for {@code plan}: its runtime mode, object reuse (records are not kept by operators)
     * and no generic (Kryo) types.
     *
     * <p>BATCH sorts each key's input by record timestamp, the tick's input sequence ({@link Workflow}),
     * which reproduces the partition order of a topic however receive times tie. Tick files are the one
     * exception: their source subtasks emit exactly their engine subtask's keys, in the merged input
     * order, and chain to the engine ({@link TickRouting}), so the order holds by construction and the
     * sort, which would cost most of the run, is switched off.
     */
    public static StreamExecutionEnvironment environment(Plan plan) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // every record type is declared (EngineInputType, EngineEvent.TYPE): a Kryo fall-back fails the build of the job
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (plan.mode() == RuntimeExecutionMode.BATCH && plan.input() instanceof BacktestInput.Files) {
            conf.set(ExecutionOptions.SORT_INPUTS, false);
            conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
        }
        conf.set(ExecutionOptions.RUNTIME_MODE, plan.mode());
        // the backtest's cluster runs inside this process, without Kerberos or cloud credentials to hand out
        conf.set(org.apache.flink.configuration.SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(plan.parallelism());
        env.setMaxParallelism(KEY_GROUPS);
        return env;
    }

    /** The tick input of {@code plan}, for {@link Workflow#defineWorkflow}. */
    public static Workflow.Ticks ticks(Plan plan) {
        if (plan.input() instanceof BacktestInput.Files f) {
            // one source subtask per engine subtask, each emitting that subtask's keys (parameter-set copies
            // included) in the merged input order: the engine chains to it, no shuffle
            TickRouting routing = new TickRouting(plan.configs().size(), 0, plan.parallelism(), KEY_GROUPS);
            return new Workflow.Ticks(new TickFileSource(f.files(), f.replicas(), routing), "tick-files", true, plan.parallelism(),
                    plan.fromUs(), plan.toUs(), true, plan.spreadSampleUs());
        }
        if (plan.input() instanceof BacktestInput.Topic t) {
            return new Workflow.Ticks(SpreadflowJob.kafkaTicks(t.bootstrapServers(), t.topic(), "spreadflow-backtest",
                    OffsetsInitializer.earliest(), true), t.topic(), false, 0, plan.fromUs(), plan.toUs(), true, plan.spreadSampleUs());
        }
        throw new IllegalArgumentException("unknown input " + plan.input());
    }

    /** Adds the backtest to {@code env}: the one workflow over the plan's ticks, its engines filling in the job. */
    public static DataStream<EngineEvent> define(StreamExecutionEnvironment env, Plan plan, EngineFactory engines,
                                                 Consumer<DataStream<EngineEvent>> sinks) {
        if (engines.size() != plan.configs().size()) throw new IllegalArgumentException("one engine per parameter set");
        return Workflow.defineWorkflow(env, ticks(plan), null, engines, sinks);
    }

    /**
     * BATCH makes every keyed operator the head of its chain, so that its input can be sorted; with the
     * sort switched off for tick files (see {@link #environment}) nothing is gained by that, and the engine
     * would receive every tick through a serialized, blocking exchange. Chained, the source hands it each
     * tick by reference.
     */
    static void chainKeyedOperators(StreamGraph graph) {
        for (StreamNode node : graph.getStreamNodes()) {
            if (node.getStatePartitioners().length > 0 && node.getOperatorFactory().getChainingStrategy() == ChainingStrategy.HEAD) {
                node.getOperatorFactory().setChainingStrategy(ChainingStrategy.ALWAYS);
            }
        }
    }

    /** Runs {@code plan} with the framework's engines and funding rates, on the local MiniCluster, and collects the results. */
    public static BacktestResults run(Plan plan, FundingSchedule funding) throws Exception {
        return run(plan, new EngineFactory(plan.configs(), funding));
    }

    /** Runs {@code plan} on a local cluster of its own and collects the results. */
    public static BacktestResults run(Plan plan, EngineFactory engines) throws Exception {
        return run(plan, engines, BacktestCluster.startAsync(plan.parallelism()));
    }

    /**
     * Runs {@code plan} on {@code cluster} (with a slot per unit of the plan's parallelism; still starting,
     * so that it comes up while the job is built) and collects the results. The cluster is shut down at the
     * end without waiting for it: the results are complete once the job is, and the caller writes the
     * report meanwhile.
     */
    public static BacktestResults run(Plan plan, EngineFactory engines, CompletableFuture<BacktestCluster> cluster) throws Exception {
        BacktestResults results = new BacktestResults(plan.configs().size());
        LocalResults sink = LocalResults.into(results);
        try {
            StreamExecutionEnvironment env = environment(plan);
            // at the engine's parallelism, so each engine subtask hands its events to its own sink subtask in order
            define(env, plan, engines, events -> events.sinkTo(sink).setParallelism(plan.parallelism()).name("backtest results").uid("backtest-results"));
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName("spreadflow backtest (" + plan.mode().name().toLowerCase() + ")");
            if (plan.mode() == RuntimeExecutionMode.BATCH && plan.input() instanceof BacktestInput.Files) chainKeyedOperators(graph);
            BacktestCluster.await(cluster).execute(graph);
        } finally {
            sink.close();
            BacktestCluster.closeWhenStarted(cluster);
        }
        return results;
    }
}
