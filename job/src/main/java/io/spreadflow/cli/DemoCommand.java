package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.replay.Replay;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticFeed;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.ledger.LedgerCounts;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.LocalFlinkCluster;
import io.spreadflow.job.SpreadflowJob;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code spreadflow demo}: the whole system in one process — embedded Kafka, a local Flink cluster
 * with RocksDB, checkpoints and the web UI, a feed (the synthetic market or replayed recordings) and
 * the job — with a progress line every few seconds and one summary line at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole system locally: embedded Kafka, a Flink cluster, a feed and the live job.",
                "All in this process: a Kafka broker with the project's topics, a Flink cluster (RocksDB state, checkpoints,",
                "web UI on a free port), a feed and the job.",
                "The feed is the synthetic market (live, at --rate ticks/s) or, with --replay, recorded tick files.",
                "Prints a progress line every few seconds and, when --duration is up or on Ctrl-C, one line:",
                "  summary: ticks=N signals=N intents=N fills=N dead_letters=N pnl_quote=X",
                "counted by reading the topics. The job sends its intents to the execution service, started in this process",
                "(paper fills against the ticks topic, ledger in an embedded database); fills are the service's, read back from",
                "the executions topic, through which they also reach the job's positions."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "60s",
            description = "How long to run, e.g. 60s, 5m (default: ${DEFAULT-VALUE}). Ctrl-C stops earlier.")
    Duration duration;

    @Option(names = "--replay", arity = "1..*", paramLabel = "FILE",
            description = "Replay these tick files (canonical or Binance CSV, optionally .gz, or Avro) instead of the synthetic market.")
    List<Path> replay;

    @Option(names = "--replay-speed", description = "Replay pace: max, 1x (recorded pace), 10x … Default: ${DEFAULT-VALUE}")
    String replaySpeed = ReplaySpeed.MAX.toString();

    @Mixin
    ConfigOptions config = new ConfigOptions();

    /** Twice the synthetic market's default rate, so that a one-minute demo shows a steady flow of signals. */
    static final double DEMO_RATE = 2 * SyntheticMarket.Settings.DEFAULT.ticksPerSecond();

    @Mixin
    SyntheticMarketOptions market = new SyntheticMarketOptions(DEMO_RATE);

    @Mixin
    ParallelismOption parallelism = new ParallelismOption();

    /** Shorter than a live job's, so that the demo shows completed checkpoints within seconds. */
    static final Duration DEMO_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    @Mixin
    CheckpointIntervalOption checkpoints = new CheckpointIntervalOption(DEMO_CHECKPOINT_INTERVAL);

    @Option(names = "--progress-every", converter = DurationConverter.class, defaultValue = "5s",
            description = "Progress line interval (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new Run(spec.commandLine().getOut()).execute();
    }

    /** One demo run: starts the parts, reports, and tears them down in reverse order exactly once. */
    private final class Run {
        private final PrintWriter out;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private EmbeddedKafka kafka;
        private LocalFlinkCluster flink;
        private ExecutionService execution;
        private JobID job;
        private TickPublisher publisher;
        private io.spreadflow.connectors.metrics.ProcessMeters feedMeters;
        private io.spreadflow.connectors.metrics.MetricsEndpoint feedEndpoint;
        private SyntheticFeed synthetic;
        private Thread replayThread;
        private TopicTally tally;
        private Path workDir;
        private final long startNanos = System.nanoTime();

        Run(PrintWriter out) {
            this.out = out;
        }

        int execute() throws Exception {
            Thread hook = new Thread(() -> {
                stopRequested.countDown();
                try {
                    done.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "spreadflow-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            onInterrupt(stopRequested::countDown);
            try {
                start();
                long deadline = startNanos + duration.toNanos();
                long nextProgress = System.nanoTime() + progressEvery.toNanos();
                while (System.nanoTime() < deadline) {
                    long wait = Math.min(deadline, nextProgress) - System.nanoTime();
                    if (stopRequested.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) break;
                    TopicTally.Counts c = tally.poll(Duration.ofMillis(200));
                    if (System.nanoTime() >= nextProgress) {
                        JobStatus status = flink.status(job);
                        out.printf("progress: t=%ds job=%s %s%n", elapsedSeconds(), status, c.line());
                        if (status.isGloballyTerminalState()) {
                            out.println("job ended early: " + flink.failure(job));
                            break;
                        }
                        nextProgress += progressEvery.toNanos();
                    }
                }
                finish();
                return 0;
            } finally {
                finish();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for finish()
                }
            }
        }

        private void start() throws Exception {
            workDir = Files.createTempDirectory("spreadflow-demo");
            kafka = EmbeddedKafka.start();
            kafka.createTopics();
            out.println("kafka: " + kafka.bootstrapServers() + " topics " + Topics.defaults().keySet());

            Configuration options = JobOptions.fromArgs(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--starting-offsets", "EARLIEST",
                    "--parallelism", Integer.toString(parallelism.value()),
                    "--checkpoint-interval", checkpoints.value().toMillis() + " ms",
                    "--checkpoint-dir", workDir.resolve("checkpoints").toUri().toString(),
                    "--state-backend", "ROCKSDB",
                    "--job-name", "spreadflow demo");
            if (config.file() != null) options.set(JobOptions.STRATEGY_CONFIG, config.absolute().toString());
            EngineFactory engines = (replay != null && config.file() == null
                    ? EngineFactory.of(EngineConfigs.replayDemo(replay))
                    : EngineConfigs.engineFactory(options)).viaService();

            // the execution service charges the fees the strategy expects, and fills on paper against the ticks topic
            execution = ExecutionService.start(ExecutionSettings.DEFAULT.withPort(0).withDataDir(workDir.resolve("execution"))
                    .withKafkaBootstrap(kafka.bootstrapServers())
                    .withTopics(options.get(JobOptions.TICKS_TOPIC), options.get(JobOptions.EXECUTIONS_TOPIC))
                    .withTakerFees(engines.takerFees()));
            out.println("execution: paper service on " + execution.baseUrl() + ", ledger in " + workDir.resolve("execution"));
            options.set(JobOptions.EXECUTION_ENDPOINT, execution.baseUrl());
            // the service generated its token into its data folder: the job reads it from there
            options.set(JobOptions.EXECUTION_TOKEN_FILE, workDir.resolve("execution").resolve("api-token").toString());

            Configuration flinkConf = SpreadflowJob.flinkConfiguration(options);
            int jobMetricsPort = freePort();
            // Flink's Prometheus reporter, as a cluster would configure it (README, "Metrics")
            flinkConf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flinkConf.setString("metrics.reporter.prom.port", Integer.toString(jobMetricsPort));
            flink = LocalFlinkCluster.start(flinkConf, parallelism.value());
            out.println("metrics: job http://127.0.0.1:" + jobMetricsPort + "/metrics");
            out.println("metrics: execution " + execution.baseUrl() + "/metrics (bearer token in " + workDir.resolve("execution").resolve("api-token") + ")");
            StreamExecutionEnvironment env = flink.environment();
            SpreadflowJob.defineLiveJob(env, options, engines);
            job = flink.submit(env, options.get(JobOptions.JOB_NAME));
            out.println("flink: web UI " + flink.webUi() + " job " + job + " (RocksDB, checkpoints every " + checkpoints.value().toSeconds() + "s)");

            tally = new TopicTally(kafka.bootstrapServers(), options.get(JobOptions.TICKS_TOPIC), options.get(JobOptions.SIGNALS_TOPIC),
                    options.get(JobOptions.INTENTS_TOPIC), options.get(JobOptions.EXECUTIONS_TOPIC), options.get(JobOptions.DEAD_LETTER_TOPIC));

            publisher = new TickPublisher(kafka.bootstrapServers());
            // the feed's endpoint, as `spreadflow feed --metrics-port` serves it: the process's meters and what it published
            feedMeters = new io.spreadflow.connectors.metrics.ProcessMeters();
            TickPublisher published = publisher;
            io.micrometer.core.instrument.FunctionCounter.builder("spreadflow_feed_ticks_published", published, TickPublisher::published)
                    .description("ticks the demo's feed handed to Kafka").tag("venue", replay == null ? "synthetic" : "replay")
                    .register(feedMeters.registry());
            io.micrometer.core.instrument.FunctionCounter.builder("spreadflow_feed_dead_letters", published, TickPublisher::deadLettered)
                    .description("input the demo's feed sent to the dead letters").tag("venue", replay == null ? "synthetic" : "replay")
                    .register(feedMeters.registry());
            feedEndpoint = io.spreadflow.connectors.metrics.MetricsEndpoint.start("127.0.0.1", 0, feedMeters::scrape);
            out.println("metrics: feed " + feedEndpoint.url());
            if (replay == null) {
                SyntheticMarket.Settings settings = demoMarket(market.applyTo(SyntheticMarket.Settings.DEFAULT));
                synthetic = SyntheticFeed.toKafka(new SyntheticMarket(settings), publisher).start();
                out.println("feed: synthetic market, " + settings.instruments().size() + " instruments on " + settings.venues()
                        + ", " + (long) market.rate() + " ticks/s");
            } else {
                ReplaySpeed speed = ReplaySpeed.parse(replaySpeed);
                replayThread = new Thread(() -> {
                    try {
                        Replay.Result r = Replay.run(replay, speed, publisher);
                        out.println("feed: replay done, " + r.published() + " ticks, " + r.deadLettered() + " malformed lines to the dead letters");
                    } catch (Exception e) {
                        out.println("feed: replay failed: " + e.getMessage());
                    }
                }, "spreadflow-demo-replay");
                replayThread.setDaemon(true);
                replayThread.start();
                out.println("feed: replay of " + replay + " at " + speed);
            }
        }

        /** Stops the feed, lets the job drain what was sent, prints the summary and tears everything down; once. */
        private void finish() {
            if (!finished.compareAndSet(false, true)) return;
            try {
                stopFeed();
                TopicTally.Counts last = tally == null ? null : drain();
                if (execution != null) {
                    LedgerCounts c = execution.ledger().counts();
                    out.println("execution: ledger holds " + c.intents() + " intents, " + c.executions() + " executed, "
                            + c.reports() + " leg reports");
                }
                if (last != null) out.println("summary: " + last.line());
            } finally {
                closeQuietly(tally);
                if (flink != null && job != null) {
                    try {
                        flink.cancel(job);
                    } catch (Exception ignored) {
                        // the cluster closes next
                    }
                }
                closeQuietly(flink);
                closeQuietly(execution);
                closeQuietly(feedEndpoint);
                closeQuietly(feedMeters);
                closeQuietly(publisher);
                closeQuietly(kafka);
                deleteQuietly(workDir);
                out.flush();
                done.countDown();
            }
        }

        private void stopFeed() {
            try {
                if (synthetic != null) synthetic.close();
                if (replayThread != null) {
                    replayThread.interrupt();
                    replayThread.join(TimeUnit.SECONDS.toMillis(10));
                }
                if (publisher != null) publisher.flush();
            } catch (Exception e) {
                out.println("feed: stop: " + e.getMessage());
            }
        }

        /** Reads the outputs until they stop changing for a moment (the job caught up), at most 15 s. */
        private TopicTally.Counts drain() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            TopicTally.Counts last = tally.poll(Duration.ofMillis(200));
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 4) {
                TopicTally.Counts now = tally.poll(Duration.ofMillis(500));
                quiet = now.equals(last) ? quiet + 1 : 0;
                last = now;
            }
            return last;
        }

        private long elapsedSeconds() {
            return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        }
    }

    /**
     * Ctrl-C ends the demo like the end of its duration (summary, exit code 0) instead of killing the
     * JVM; where the runtime offers no signal handling, the shutdown hook still prints the summary.
     */
    @SuppressWarnings("restriction")
    private static void onInterrupt(Runnable stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSignals) {
            // the shutdown hook covers it
        }
    }

    /**
     * The synthetic market of the demo: {@code d} with a dislocation every 5–15 s per
     * instrument, so that the first intents come within seconds of the feed's start.
     */
    static SyntheticMarket.Settings demoMarket(SyntheticMarket.Settings d) {
        return new SyntheticMarket.Settings(d.seed(), d.instruments(), d.secondSpot(), d.ticksPerSecond(), d.startTsUs(), d.correlation(),
                d.basisMeanPct(), d.basisReversionPerSec(), d.basisNoisePct(), 5.0, 15.0, d.dislocationMinPct(), d.dislocationMaxPct(),
                d.halfSpreadBps(), d.spotBOffsetNoiseBps());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // tearing down: the next part still has to close
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // temporary folder
        }
    }

    /** A port free now, for an endpoint that takes a fixed port. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
