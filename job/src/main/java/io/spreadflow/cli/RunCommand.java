package io.spreadflow.cli;

import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.LocalFlinkCluster;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.cluster.SessionClusterClient;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code spreadflow run}: the live job against a Kafka cluster, here or on a Flink session cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the live job against a Kafka cluster, here or on a Flink session cluster.",
                "Ticks in; signals, order intents, fills and dead letters out.",
                "With --execution-url the job runs the live loop: intents go to the execution service over HTTP (and to the",
                "order-intents audit topic), the service's fills come back from the executions topic into the positions.",
                "Without --cluster the job runs in this process on a local Flink cluster (RocksDB, checkpoints, web UI) until Ctrl-C.",
                "With --cluster URL the shaded job jar is uploaded to that Flink session cluster through its REST API and started there;",
                "--config then names a file the JobManager can read."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--group-id", description = "Consumer group of the ticks source. Default: ${DEFAULT-VALUE}")
    String groupId = JobOptions.GROUP_ID.defaultValue();

    @Option(names = "--starting-offsets", description = "EARLIEST, LATEST or COMMITTED (the group's offsets, earliest without). Default: ${DEFAULT-VALUE}")
    JobOptions.StartingOffsets startingOffsets = JobOptions.STARTING_OFFSETS.defaultValue();

    @Mixin
    ParallelismOption parallelism = new ParallelismOption();

    @Mixin
    CheckpointIntervalOption checkpoints = new CheckpointIntervalOption(JobOptions.CHECKPOINT_INTERVAL.defaultValue());

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "Checkpoint storage (default: a folder under the system temp dir; on --cluster: the cluster's).")
    String checkpointDir;

    @Option(names = "--state-backend", description = "ROCKSDB or HASHMAP. Default: ${DEFAULT-VALUE}")
    JobOptions.StateBackend stateBackend = JobOptions.STATE_BACKEND.defaultValue();

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any other job option, e.g. -Dspreadflow.topic.ticks=ticks-eu. Keys:%n"
            + "spreadflow.kafka.*, spreadflow.topic.*, spreadflow.watermark.max-out-of-orderness, spreadflow.buffer-timeout, spreadflow.job-name,%n"
            + "spreadflow.execution.run-epoch, spreadflow.state.idle-after, spreadflow.state.heap-instruments, spreadflow.restart.attempts.")
    Map<String, String> extra = new LinkedHashMap<>();

    @Option(names = "--cluster", paramLabel = "URL", description = "REST address of a Flink session cluster, e.g. http://localhost:8081.")
    URI cluster;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "REST address (host:port) of a Flink session cluster's JobManager; the same as --cluster http://HOST:PORT.")
    String jobManager;

    @Option(names = "--execution-url", paramLabel = "URL", description = "Base URL of the execution service, e.g. http://127.0.0.1:8470.")
    URI executionUrl;

    @Mixin
    ExecutionTokenOption token = new ExecutionTokenOption();

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The shaded job jar for --cluster (default: job/target/spreadflow-job-*-job.jar).")
    Path jobJar;

    /** The job options these flags stand for. */
    Configuration options() {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(JobOptions.BOOTSTRAP_SERVERS.key(), kafka.bootstrap());
        if (kafka.kafkaConfig != null) m.put(JobOptions.KAFKA_CLIENT_CONFIG.key(), kafka.kafkaConfig.toAbsolutePath().toString());
        if (config.file() != null) m.put(JobOptions.STRATEGY_CONFIG.key(), config.absolute().toString());
        m.put(JobOptions.GROUP_ID.key(), groupId);
        m.put(JobOptions.STARTING_OFFSETS.key(), startingOffsets.name());
        m.put(JobOptions.PARALLELISM.key(), Integer.toString(parallelism.value()));
        m.put(JobOptions.CHECKPOINT_INTERVAL.key(), checkpoints.value().toMillis() + " ms");
        if (checkpointDir != null) m.put(JobOptions.CHECKPOINT_DIR.key(), checkpointDir);
        m.put(JobOptions.STATE_BACKEND.key(), stateBackend.name());
        if (executionUrl != null) m.put(JobOptions.EXECUTION_ENDPOINT.key(), executionUrl.toString());
        if (token.file() != null) m.put(JobOptions.EXECUTION_TOKEN_FILE.key(), token.file().toAbsolutePath().toString());
        List<String> args = new ArrayList<>();
        m.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return JobOptions.fromArgs(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = options();
        if (jobManager != null) {
            if (cluster != null) throw new IllegalArgumentException("give --cluster or --jobmanager, not both");
            cluster = URI.create("http://" + jobManager);
        }
        if (token.file() != null && executionUrl == null) throw new IllegalArgumentException("--token-file needs --execution-url");
        return cluster == null ? runLocally(options, System.out) : submit(options, System.out);
    }

    private int runLocally(Configuration options, PrintStream out) throws Exception {
        if (options.getOptional(JobOptions.CHECKPOINT_DIR).isEmpty()) {
            options.set(JobOptions.CHECKPOINT_DIR, Files.createTempDirectory("spreadflow-checkpoints").toUri().toString());
        }
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(SpreadflowJob.flinkConfiguration(options), parallelism.value())) {
            StreamExecutionEnvironment env = flink.environment();
            SpreadflowJob.defineLiveJob(env, options, EngineConfigs.engineFactory(options));
            JobID job = flink.submit(env, options.get(JobOptions.JOB_NAME));
            out.println("job " + job + " running" + options.getOptional(JobOptions.EXECUTION_ENDPOINT).map(u -> ", intents to " + u).orElse("")
                    + "; Flink web UI " + flink.webUi() + " ; Ctrl-C stops it");
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    flink.cancel(job);
                } catch (Exception ignored) {
                    // the cluster is going down with this process anyway
                }
                stopped.countDown();
            }, "spreadflow-run-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            JobStatus status;
            while (!(status = flink.status(job)).isGloballyTerminalState()) {
                if (stopped.await(1, TimeUnit.SECONDS)) return 0;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            Throwable failure = flink.failure(job);
            out.println("job " + job + " " + status + (failure == null ? "" : ": " + failure));
            return status == JobStatus.FINISHED ? 0 : 1;
        }
    }

    private int submit(Configuration options, PrintStream out) throws Exception {
        Path jar = jobJar != null ? jobJar : findJobJar();
        SessionClusterClient client = new SessionClusterClient(cluster);
        String jarId = client.uploadJar(jar);
        List<String> args = new ArrayList<>();
        for (ConfigOption<?> o : JobOptions.ALL) {
            options.getOptional(o).ifPresent(v -> {
                args.add("--" + o.key());
                args.add(v instanceof Duration d ? d.toMillis() + " ms" : String.valueOf(v));
            });
        }
        String job = client.runJar(jarId, SpreadflowJob.class.getName(), args, parallelism.value());
        out.println("job " + job + " submitted to " + cluster + " (" + jar.getFileName() + ")");
        return 0;
    }

    private static Path findJobJar() throws IOException {
        Path target = Path.of(System.getProperty("spreadflow.root", ".")).resolve("job").resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "spreadflow-job-*-job.jar")) {
                for (Path p : ds) return p;
            }
        }
        throw new IllegalArgumentException("no job jar in " + target + "; build it with `mvn -B package` or pass --job-jar");
    }
}
