package io.spreadflow.bench;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.LocalFlinkCluster;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.IntentPurpose;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Live latency, DESIGN §9: ticks go into Kafka at a fixed rate and through the live job (RocksDB,
 * checkpoints, buffer timeout 0, {@code linger.ms} 0 on every producer) to the execution service, all in
 * this process. For every entry and exit intent the service receives, the time from the append of the
 * tick that decided it to the {@code ticks} topic (the broker's LogAppendTime, ms) to the moment the
 * service received the intent (µs) goes into an HdrHistogram; intents received during the warm-up are
 * left out.
 *
 * <p>The market: the synthetic market with 60 instruments whose futures basis dislocates every 6–10 s and
 * reverts at 0.5 per second
 * (so that the reference rdn configuration trades often enough for a p99.9), each tick stamped with the
 * wall-clock time it is sent.
 *
 * <p>Arguments: {@code rate (ticks/s) [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP] [parallelism (2)]}.
 */
public final class LiveLatency {

    private static final int INSTRUMENTS = 60;

    private LiveLatency() {}

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(args[0]);
        int warmUpSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int measuredSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        String backend = args.length > 3 ? args[3] : "ROCKSDB";
        int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path work = Files.createTempDirectory("spreadflow-live-latency");

        Map<Long, Long> appendMsByTickTs = new ConcurrentHashMap<>();
        Histogram latencyUs = new Histogram(60_000_000L, 3);
        AtomicLong received = new AtomicLong();
        AtomicLong unmatched = new AtomicLong();
        long measureFromUs = nowUs() + warmUpSeconds * 1_000_000L;

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                // the broker stamps each tick with its append time: the start of the measured path
                admin.createTopics(List.of(new NewTopic(Topics.TICKS.topicName(), Topics.TICKS.partitions(), (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            kafka.createTopics();
            EngineFactory strategy = EngineFactory.of(EngineConfigs.demo()).viaService();
            ExecutionService service = ExecutionService.start(ExecutionSettings.DEFAULT.withPort(0).withDataDir(work.resolve("execution"))
                    .withKafkaBootstrap(kafka.bootstrapServers()).withTakerFees(strategy.takerFees()));
            java.util.Queue<String> ids = new java.util.concurrent.ConcurrentLinkedQueue<>();
            service.desk().watchReceipts(intent -> {
                long at = nowUs();
                ids.add(intent.getIntentId());
                if (intent.getPurpose() == IntentPurpose.HEDGE) return;
                Long appendMs = appendMsByTickTs.get(intent.getEventTsUs());
                if (appendMs == null) {
                    unmatched.incrementAndGet();
                    return;
                }
                if (at < measureFromUs) return;
                received.incrementAndGet();
                synchronized (latencyUs) {
                    latencyUs.recordValue(Math.max(0, at - appendMs * 1000));
                }
            });
            Configuration options = JobOptions.fromArgs(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--starting-offsets", "LATEST",
                    "--parallelism", Integer.toString(parallelism),
                    "--checkpoint-interval", "5000 ms",
                    "--checkpoint-dir", work.resolve("checkpoints").toUri().toString(),
                    "--state-backend", backend,
                    "--execution-url", service.baseUrl(),
                    "--spreadflow.execution.token", service.token(),
                    "--spreadflow.buffer-timeout", "0 ms",
                    "--job-name", "live latency");
            try (LocalFlinkCluster flink = LocalFlinkCluster.start(SpreadflowJob.flinkConfiguration(options), parallelism)) {
                StreamExecutionEnvironment env = flink.environment();
                SpreadflowJob.defineLiveJob(env, options, strategy);
                JobID job = flink.submit(env, "live latency");
                awaitRunning(flink, job);
                long sent = feed(kafka.bootstrapServers(), rate, warmUpSeconds + measuredSeconds, appendMsByTickTs);
                flink.cancel(job);
                System.out.printf("live latency: rate %.0f ticks/s, %d ticks sent in %d s (warm-up %d s), %s, parallelism %d, %d cores%n",
                        rate, sent, warmUpSeconds + measuredSeconds, warmUpSeconds, backend, parallelism,
                        Runtime.getRuntime().availableProcessors());
                synchronized (latencyUs) {
                    System.out.printf("tick appended -> intent received (entries and exits after the warm-up): n=%d "
                                    + "p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms (unmatched %d)%n",
                            received.get(), latencyUs.getValueAtPercentile(50) / 1000.0, latencyUs.getValueAtPercentile(99) / 1000.0,
                            latencyUs.getValueAtPercentile(99.9) / 1000.0, latencyUs.getMaxValue() / 1000.0, unmatched.get());
                }
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
        }
    }

    /** Sends ticks at a fixed rate for {@code seconds}, stamped with the time they are sent; returns how many. */
    private static long feed(String bootstrap, double rate, int seconds, Map<Long, Long> appendMsByTickTs) {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(7L,
                SyntheticMarket.Settings.DEFAULT.withInstrumentCount(INSTRUMENTS).instruments(), false, rate, nowUs(),
                0.7, -0.05, 0.5, 0.04, 6.0, 10.0, 3.0, 4.5, 1.0, 1.0));
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "1");
        long periodNs = Math.round(1e9 / rate);
        long n = Math.round(rate * seconds);
        long lastTs = 0;
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                long due = start + i * periodNs;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(Math.min(wait, 200_000));
                long ts = Math.max(lastTs + 1, nowUs());
                lastTs = ts;
                BookTicker t = BookTicker.newBuilder(market.next()).setReceiveTsUs(ts).setExchangeTsUs(null).build();
                producer.send(new ProducerRecord<>(Topics.TICKS.topicName(), t.getInstrument(), t), (meta, error) -> {
                    if (error == null) appendMsByTickTs.put(ts, meta.timestamp());
                });
            }
            producer.flush();
            return n;
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

    private static long nowUs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
