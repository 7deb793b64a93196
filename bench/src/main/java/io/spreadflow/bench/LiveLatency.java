package io.spreadflow.bench;

import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.LocalFlinkCluster;
import io.spreadflow.job.SpreadflowJob;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Live latency, DESIGN §9: ticks go into Kafka at a fixed rate and through the live job (RocksDB,
 * checkpoints, buffer timeout 0, {@code linger.ms} 0 on every producer) to the execution service, all in
 * this process. For every entry and exit intent the service receives, the time from the append of the
 * tick that decided it to the {@code ticks} topic (the broker's LogAppendTime, ms) to the moment the
 * service received the intent (µs) goes into an HdrHistogram; intents received during the warm-up are
 * left out.
 *
 * <p>The market: {@link LatencyFeed}; the figure: {@link IntentLatencies}.
 *
 * <p>Arguments: {@code rate (ticks/s) [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)]}.
 */
public final class LiveLatency {

    private LiveLatency() {}

    public static void main(String[] args) throws Exception {
        LatencyArgs a = LatencyArgs.parse(args);
        Path work = Files.createTempDirectory("spreadflow-live-latency");

        LatencyFeed feed = new LatencyFeed();
        IntentLatencies latencies = new IntentLatencies(feed, LatencyFeed.nowUs() + a.warmUpSeconds() * 1_000_000L);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // the broker stamps each tick with its append time: the start of the measured path
            LatencyFeed.createTicksTopic(kafka.bootstrapServers());
            kafka.createTopics();
            EngineFactory strategy = EngineFactory.of(EngineConfigs.demo()).viaService();
            ExecutionService service = ExecutionService.start(ExecutionSettings.DEFAULT.withPort(0).withDataDir(work.resolve("execution"))
                    .withKafkaBootstrap(kafka.bootstrapServers()).withTakerFees(strategy.takerFees()));
            java.util.Queue<String> ids = new java.util.concurrent.ConcurrentLinkedQueue<>();
            service.desk().watchReceipts(intent -> {
                long at = LatencyFeed.nowUs();
                ids.add(intent.getIntentId());
                latencies.received(intent.getPurpose(), intent.getEventTsUs(), at);
            });
            java.util.List<String> jobArgs = new java.util.ArrayList<>(java.util.List.of(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--starting-offsets", "LATEST",
                    "--parallelism", Integer.toString(a.parallelism()),
                    "--checkpoint-interval", "5000 ms",
                    "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                    "--state-backend", a.backend(),
                    "--execution-url", service.baseUrl(),
                    "--spreadflow.execution.token", service.token(),
                    "--spreadflow.buffer-timeout", "0 ms",
                    "--job-name", "live latency"));
            jobArgs.addAll(a.jobOptions());
            Configuration options = JobOptions.fromArgs(jobArgs.toArray(String[]::new));
            try (LocalFlinkCluster flink = LocalFlinkCluster.start(SpreadflowJob.flinkConfiguration(options), a.parallelism())) {
                StreamExecutionEnvironment env = flink.environment();
                SpreadflowJob.defineLiveJob(env, options, strategy);
                JobID job = flink.submit(env, "live latency");
                awaitRunning(flink, job);
                long sent = feed.run(kafka.bootstrapServers(), a.rate(), a.warmUpSeconds() + a.measuredSeconds());
                flink.cancel(job);
                System.out.printf("live latency: rate %.0f ticks/s, %d ticks sent in %d s (warm-up %d s), %s, parallelism %d, %d cores, job options %s%n",
                        a.rate(), sent, a.warmUpSeconds() + a.measuredSeconds(), a.warmUpSeconds(), a.backend(), a.parallelism(),
                        Runtime.getRuntime().availableProcessors(), a.jobOptions());
                System.out.println(latencies.summary());
                // what the service made of the intents: outcomes and the most frequent reasons
                Map<String, Long> outcomes = new java.util.TreeMap<>();
                for (String id : new java.util.LinkedHashSet<>(ids)) {
                    service.ledger().find(id).ifPresent(e -> outcomes.merge(e.intent().getPurpose() + " " + e.status()
                            + (e.reason() == null ? "" : " (" + e.reason().replaceAll("[0-9.]+", "#") + ")"), 1L, Long::sum));
                }
                System.out.println("outcomes: " + outcomes);
            } finally {
                service.close();
            }
        } finally {
            RunFolder.cleanUp(work);
        }
    }

    private static void awaitRunning(LocalFlinkCluster flink, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flink.status(job) != org.apache.flink.api.common.JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("job not running after 60 s: " + flink.status(job));
            TimeUnit.MILLISECONDS.sleep(100);
        }
        // the sources have to find their partitions before the first tick goes out
        TimeUnit.SECONDS.sleep(3);
    }

}
