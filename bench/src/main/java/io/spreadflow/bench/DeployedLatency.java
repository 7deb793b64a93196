package io.spreadflow.bench;

import io.spreadflow.connectors.kafka.ChildKafka;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.cluster.ExecutionProcess;
import io.spreadflow.job.cluster.SessionClusterClient;
import io.spreadflow.job.cluster.StandaloneCluster;
import io.spreadflow.job.cluster.TestClassPath;
import io.spreadflow.schemas.IntentPurpose;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live latency in a deployment-like setup: the Kafka broker, the Flink JobManager, the TaskManager and the
 * execution service each run in a JVM of their own (the cluster tests' {@link StandaloneCluster},
 * {@link ExecutionProcess} and {@link EmbeddedKafka#forkChild}); the live job is the packaged job jar
 * submitted through the cluster's REST API (RocksDB, checkpoints every 5 s, buffer timeout 0). This JVM
 * only sends the ticks ({@link LatencyFeed}) and, at the end, reads what the service received: the service
 * process writes each intent's receipt time (µs, the machine's wall clock) to a file
 * ({@link ExecutionProcess#RECEIPTS_FILE}). The figure is the in-process harness's ({@link IntentLatencies}):
 * tick appended to {@code ticks} → intent received by the service, entries and exits after the warm-up.
 *
 * <p>Arguments: {@code rate (ticks/s) [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)]}.
 * Needs the packaged job jar ({@code job/target/spreadflow-job-*-job.jar}; the run script builds it).
 */
public final class DeployedLatency {

    private static final String TOKEN = "latency-bench-token";
    private static final Duration UP = Duration.ofSeconds(90);
    /** Further JVM options of the TaskManager ({@code env.java.opts.taskmanager}), e.g. a GC pause goal; none by default. */
    private static final String TM_JAVA_OPTS = System.getenv().getOrDefault("TM_JAVA_OPTS", "");

    private DeployedLatency() {}

    public static void main(String[] args) throws Exception {
        LatencyArgs a = LatencyArgs.parse(args);
        Path root = Path.of(System.getProperty("spreadflow.root", ".")).toAbsolutePath().normalize();
        Path jobJar = packagedJobJar(root.resolve("job").resolve("target"));
        Path work = Files.createTempDirectory("spreadflow-deployed-latency").toAbsolutePath();
        Path receipts = work.resolve("receipts.txt");
        EngineFactory strategy = EngineFactory.of(EngineConfigs.demo()).viaService();

        List<AutoCloseable> running = new ArrayList<>();
        try {
            ChildKafka kafka = EmbeddedKafka.forkChild(EmbeddedKafka.Settings.defaults().withPort(StandaloneCluster.freePort())
                    .withDataDir(work.resolve("kafka")));
            running.add(kafka);
            String bootstrap = kafka.bootstrapServers();
            // the broker stamps each tick with its append time: the start of the measured path
            LatencyFeed.createTicksTopic(bootstrap);
            Topics.ensureTopics(bootstrap);

            ExecutionProcess.Setup setup = new ExecutionProcess.Setup(StandaloneCluster.freePort(), work.resolve("execution"), TOKEN,
                    bootstrap, Topics.TICKS.topicName(), Topics.EXECUTIONS.topicName(), 4096, 2_000, strategy.takerFees());
            ExecutionProcess service = ExecutionProcess.start(setup, work.resolve("execution.log"), UP,
                    List.of("-D" + ExecutionProcess.RECEIPTS_FILE + "=" + receipts));
            running.add(service);

            List<String> flinkConfig = new ArrayList<>(StandaloneCluster.FAST_FAILURE_DETECTION);
            if (!TM_JAVA_OPTS.isBlank()) flinkConfig.add("env.java.opts.taskmanager: " + TM_JAVA_OPTS);
            StandaloneCluster cluster = StandaloneCluster.start(work.resolve("flink"), TestClassPath.current().flinkDistribution(),
                    a.parallelism(), UP, flinkConfig);
            running.add(0, cluster);
            SessionClusterClient rest = cluster.client();
            Path token = Files.writeString(work.resolve("token"), TOKEN);
            List<String> jobArgs = new ArrayList<>(List.of(
                    "--bootstrap", bootstrap, "--starting-offsets", "LATEST",
                    "--execution-endpoint", service.baseUrl(), "--token-file", token.toString(),
                    "--checkpoint-interval", "5000 ms", "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                    "--state-backend", a.backend(), "--spreadflow.buffer-timeout", "0 ms", "--job-name", "deployed latency"));
            jobArgs.addAll(a.jobOptions());
            String job = rest.runJar(rest.uploadJar(jobJar), SpreadflowJob.class.getName(), jobArgs, a.parallelism());
            awaitTasksRunning(rest, job);

            LatencyFeed feed = new LatencyFeed();
            IntentLatencies latencies = new IntentLatencies(feed, LatencyFeed.nowUs() + a.warmUpSeconds() * 1_000_000L);
            double loadBefore = loadAverage();
            long sent = feed.run(bootstrap, a.rate(), a.warmUpSeconds() + a.measuredSeconds());
            double loadAfter = loadAverage();
            // the last intents need a moment to reach the service
            TimeUnit.SECONDS.sleep(2);
            String state = rest.jobState(job);
            rest.cancel(job);
            service.close();
            running.remove(service);

            long lines = 0;
            for (String line : Files.readAllLines(receipts)) {
                String[] f = line.split(" ");
                latencies.received(IntentPurpose.valueOf(f[2]), Long.parseLong(f[0]), Long.parseLong(f[1]));
                lines++;
            }
            System.out.printf("deployed latency: rate %.0f ticks/s, %d ticks sent in %d s (warm-up %d s), %s, parallelism %d, %d cores; "
                            + "broker, JobManager, TaskManager and service in their own JVMs; TaskManager JVM options '%s'; job options %s; job %s at the end, "
                            + "%d intents received%n",
                    a.rate(), sent, a.warmUpSeconds() + a.measuredSeconds(), a.warmUpSeconds(), a.backend(), a.parallelism(),
                    Runtime.getRuntime().availableProcessors(), TM_JAVA_OPTS, a.jobOptions(), state, lines);
            System.out.println(latencies.summary());
            System.out.printf("load average (1 min): %.2f when the ticks started, %.2f when they ended%n", loadBefore, loadAfter);
        } finally {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
            RunFolder.cleanUp(work);
        }
    }

    /** The shaded job jar that {@code mvn package} leaves in {@code job/target}. */
    private static Path packagedJobJar(Path target) throws Exception {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "spreadflow-job-*-job.jar")) {
            for (Path p : ds) return p;
        }
        throw new IllegalStateException("no job jar in " + target + ": build it first (mvn -pl job -am -DskipTests package)");
    }

    /** Waits until every task of the job runs, then gives the sources time to find their partitions. */
    private static void awaitTasksRunning(SessionClusterClient rest, String job) throws Exception {
        long deadline = System.nanoTime() + UP.toNanos();
        while (true) {
            var details = rest.job(job);
            boolean all = "RUNNING".equals(details.path("state").asText());
            for (var v : details.path("vertices")) all &= "RUNNING".equals(v.path("status").asText());
            if (all) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("job tasks not running after " + UP + ": " + details);
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TimeUnit.SECONDS.sleep(3);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
