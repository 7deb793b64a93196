package io.spreadflow.bench;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.JobSinks;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.Workflow;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInputType;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * State at scale: N instruments × 3 venues (two spot, one futures) in one live job at parallelism 2 on
 * RocksDB, everything in this JVM (embedded Kafka, Flink MiniCluster with one single-slot TaskManager per
 * subtask). A producer thread sends synthetic ticks at a steady rate for a warm-up and a measured run;
 * every instrument gets ticks from the first second, so the engine holds a full state for each one
 * (quotes of three venues, the open 1 s bar, indicator windows, ledger, and a position where the
 * market's dislocations trigger one). Fills come from the job's own fill model.
 *
 * <p>Prints every checkpoint (end-to-end duration, full and checkpointed size, {@link CheckpointLog}),
 * then a summary with the state per instrument: the latest full checkpoint size over the instruments the
 * engine subtasks hold (their {@code instrumentsOnHeap} metric, read over the REST API).
 *
 * <p>Recovery, in the middle of the measured run ({@code --recovery}): {@code task} makes one subtask of
 * the step after the source throw once ({@link RecoveryProbe}); {@code tm} shuts a TaskManager down
 * in-process and starts a new one, as a supervisor would after a kill. Either way the job restarts from its
 * latest checkpoint; printed are the times from the failure to the first tick after the restart and to the
 * first tick with a lag under 1 s (caught up with the input). A TaskManager shut down in-process tells the
 * JobManager at once; a killed process is noticed only by heartbeat, so a real kill adds the heartbeat
 * timeout: that needs a standalone cluster.
 *
 * <p>Arguments: {@code [instruments (1000)] [ticks/s (20000)] [measured s (60)] [checkpoint interval s (5)]
 * [--warm-up S (20)] [--recovery task|tm|none (task)] [--fail-after S (half the measured run)]
 * [--parallelism P (2)] [--backend ROCKSDB|HASHMAP]}.
 */
public final class ScaleBench {

    /**
     * The strategy: the built-in demo configuration's rdn (same thresholds, fees, sizing and risk) on
     * both spot venues and the futures venue, the cheapest spot of each row, 1 s bars. No
     * {@code instruments:} key, so it trades every instrument of the input.
     */
    static final String STRATEGY_YAML = """
            strategy: rdn
            params: {entry_spread_threshold: -2.5, exit_spread_threshold: -0.3}
            venues: {spot: [synth-spot, synth-spot-b], futures: synth-futures}
            multi-spot: cheapest
            bar-seconds: 1
            fees:
              synth-spot:    {maker: 0.0,    taker: 0.0005}
              synth-spot-b:  {maker: 0.0,    taker: 0.0005}
              synth-futures: {maker: 0.0002, taker: 0.0005}
            sizing: {notional: 1000, starting-balances: {synth-spot: 100000, synth-spot-b: 100000, synth-futures: 100000}}
            risk: {max-notional: 5000, max-open-positions: 1, max-loss: 0, cool-down: 0s}
            execution: {mode: in-job, walk-book: true}
            """;

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        ScaleSettings s;
        try {
            s = ScaleSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StrategyConfig strategy = new StrategyConfigLoader(StrategyRegistry.load().all())
                .parse(STRATEGY_YAML, "scale benchmark strategy", ConfigOverrides.none());
        Path work = Files.createTempDirectory("spreadflow-scale");
        System.out.printf("scale: %,d instruments x 3 venues, %,.0f ticks/s, warm-up %d s + %d s measured, checkpoints every %d s, %s, "
                        + "parallelism %d, recovery %s, %d cores%n", s.instruments(), s.rate(), s.warmUpSeconds(), s.seconds(),
                s.checkpointSeconds(), s.backend(), s.parallelism(), s.recovery(), Runtime.getRuntime().availableProcessors());

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics();
            Configuration options = JobOptions.fromArgs(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--starting-offsets", "LATEST",
                    "--parallelism", Integer.toString(s.parallelism()),
                    "--checkpoint-interval", s.checkpointSeconds() + " s",
                    "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                    "--state-backend", s.backend(),
                    "--job-name", "scale");
            Configuration conf = SpreadflowJob.flinkConfiguration(options);
            conf.set(RestOptions.BIND_ADDRESS, "localhost");
            conf.set(RestOptions.ADDRESS, "localhost");
            conf.set(RestOptions.BIND_PORT, "0");
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
            MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                    .setNumTaskManagers(s.parallelism()).setNumSlotsPerTaskManager(1).build());
            flink.start();
            try {
                URI rest = flink.getRestAddress().get(30, TimeUnit.SECONDS);
                StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration(conf));
                defineJob(env, options, EngineFactory.of(strategy));
                StreamGraph graph = env.getStreamGraph();
                graph.setJobName("scale");
                JobID job = flink.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
                awaitRunning(flink, job);
                run(s, kafka, flink, job, rest);
                flink.cancelJob(job).get(60, TimeUnit.SECONDS);
            } finally {
                flink.closeAsync().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** The live job with in-job fills ({@link SpreadflowJob#defineLiveJob}), with the {@link RecoveryProbe} chained to the source. */
    static void defineJob(StreamExecutionEnvironment env, Configuration options, EngineFactory engines) {
        Workflow.Ticks ticks = Workflow.Ticks.live(SpreadflowJob.kafkaTicks(options), options.get(JobOptions.TICKS_TOPIC));
        DataStream<EngineInput> source = Workflow.tickStream(env, ticks);
        DataStream<EngineInput> probed = source.map(new RecoveryProbe()).returns(EngineInputType.INSTANCE)
                .setParallelism(source.getParallelism()).name("recovery probe").uid("scale-recovery-probe");
        Workflow.defineWorkflow(env, probed, ticks, null, engines, JobSinks.kafka(options));
    }

    /** Feeds the ticks, prints the checkpoints as they end, injects the failure, then prints the summary. */
    private static void run(ScaleSettings s, EmbeddedKafka kafka, MiniCluster flink, JobID job, URI rest) throws Exception {
        long startMs = System.currentTimeMillis();
        long measureFromMs = startMs + s.warmUpSeconds() * 1000L;
        long failAtMs = s.recovery().equals("none") ? Long.MAX_VALUE : measureFromMs + s.failAfterSeconds() * 1000L;
        Set<String> fed = new HashSet<>();
        CompletableFuture<Long> feed = CompletableFuture.supplyAsync(() -> feed(s, kafka.bootstrapServers(), fed));
        CheckpointLog checkpoints = new CheckpointLog(startMs, measureFromMs);
        while (!feed.isDone()) {
            TimeUnit.MILLISECONDS.sleep(250);
            if (System.currentTimeMillis() >= failAtMs) {
                failAtMs = Long.MAX_VALUE;
                injectFailure(s.recovery(), flink);
            }
            JobStatus status = flink.getJobStatus(job).get(30, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) throw new IllegalStateException("job ended: " + status);
            checkpoints.poll(flink.getExecutionGraph(job).get(30, TimeUnit.SECONDS), ", source lag " + RecoveryProbe.lastLagMs + " ms");
        }
        long sent = feed.get();
        // one more checkpoint after the last tick, so the last state size holds every tick
        long until = System.currentTimeMillis() + 3L * s.checkpointSeconds() * 1000L;
        CheckpointLog.Completed last = checkpoints.latest();
        while (System.currentTimeMillis() < until && (last == null || last.triggerMs() < startMs + s.totalSeconds() * 1000L)) {
            TimeUnit.MILLISECONDS.sleep(250);
            checkpoints.poll(flink.getExecutionGraph(job).get(30, TimeUnit.SECONDS), ", after the last tick");
            last = checkpoints.latest();
        }
        System.out.printf("sent %,d ticks in %d s (%,.0f ticks/s), source lag at the end %d ms%n", sent, s.totalSeconds(),
                sent / (double) s.totalSeconds(), RecoveryProbe.lastLagMs);
        printRecovery(s.recovery());
        int withState = JobReadouts.sumMetric(rest, job, "instrumentsOnHeap");
        int traded = JobReadouts.instrumentsWithFills(kafka.bootstrapServers());
        System.out.printf("instruments: %,d fed, %,d with engine state (sum of the engine subtasks' instrumentsOnHeap), %,d with fills%n",
                fed.size(), withState, traded);
        checkpoints.printSummary(s.backend().equals("ROCKSDB") ? withState : 0, fed.size());
    }

    private static void injectFailure(String mode, MiniCluster flink) throws Exception {
        if (mode.equals("task")) {
            RecoveryProbe.FAIL_NEXT.set(true);
            System.out.println("injecting a task failure");
        } else {
            System.out.println("shutting TaskManager 0 down and starting a new one");
            RecoveryProbe.failedAtMs = System.currentTimeMillis();
            flink.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
            flink.startTaskManager();
        }
    }

    private static void printRecovery(String mode) {
        if (mode.equals("none")) return;
        long failed = RecoveryProbe.failedAtMs;
        String what = mode.equals("task") ? "task failure (an exception in one subtask)" : "TaskManager shut down in-process, a new one started";
        if (failed == 0) {
            System.out.println("recovery: the failure was not injected (the run ended first)");
            return;
        }
        long first = RecoveryProbe.firstTickAfterMs;
        long caughtUp = RecoveryProbe.caughtUpAtMs;
        System.out.printf("recovery from a %s: first tick after the restart %s, caught up (lag < %d ms) %s after the failure%n", what,
                first == 0 ? "never" : (first - failed) + " ms", RecoveryProbe.CAUGHT_UP_MS, caughtUp == 0 ? "never" : (caughtUp - failed) + " ms");
    }

    /** Sends the ticks at a steady rate, each stamped with the wall-clock time it is sent; returns how many. */
    private static long feed(ScaleSettings s, String bootstrap, Set<String> fed) {
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.Settings.DEFAULT.withSeed(7L)
                .withInstrumentCount(s.instruments()).withSecondSpot(true).withTicksPerSecond(s.rate()));
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ACKS_CONFIG, "1");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            long n = SteadyTicks.send(market, s.rate(), s.totalSeconds(), t -> {
                fed.add(t.getInstrument());
                producer.send(new ProducerRecord<>(Topics.TICKS.topicName(), t.getInstrument(), t));
            });
            producer.flush();
            return n;
        }
    }

    private static void awaitRunning(MiniCluster flink, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flink.getJobStatus(job).get(30, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("job not running after 60 s");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        // the sources have to find their partitions before the first tick goes out (they start at the latest offsets)
        TimeUnit.SECONDS.sleep(3);
    }
}
