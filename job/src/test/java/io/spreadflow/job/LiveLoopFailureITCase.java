package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerCounts;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInputType;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live loop survives failures without losing or repeating an order: 50,000 synthetic ticks go
 * through the live job (embedded Kafka, MiniCluster with checkpoints, the execution service in this
 * process) twice — once undisturbed, once with the job failing at three points and restarting from its
 * checkpoints, and the execution service restarted mid-run on the same port and database. Afterwards
 * every intent is in the ledger once, none was executed twice, the disturbed run's ledger holds the same
 * intents, fills and positions as the undisturbed one, and every intent the job sent is in its ledger.
 */
class LiveLoopFailureITCase {

    private static final int TICKS = Integer.getInteger("live-loop.ticks", 50_000);
    /** Event-time rate of the synthetic market: 50,000 ticks span 500 s, enough dislocations for well over 100 intents. */
    private static final double TICKS_PER_SECOND = 100;
    private static final long SEED = 20_240_601L;
    private static final int PARALLELISM = 2;
    private static final String TOKEN = "live-loop-test-token";
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    /** How often the test looks at the ledger and the consumer groups, which notify nobody. */
    private static final long POLL_MS = 100;
    /** Fractions of the input at which the disturbed run's job fails. */
    private static final double[] FAIL_AT = {0.2, 0.45, 0.7};

    private static EmbeddedKafka kafka;
    private static List<BookTicker> ticks;

    @TempDir
    static Path dir;

    @BeforeAll
    static void publishTicks() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of("ticks", 4));
        ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(SEED).withTicksPerSecond(TICKS_PER_SECOND), TICKS);
        var p = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            for (BookTicker t : ticks) {
                producer.send(new ProducerRecord<>("ticks", null, t.getReceiveTsUs() / 1000, t.getInstrument(), t));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    /** One run of the live loop: its topics, consumer group, service and ledger. */
    private record Run(String name, Configuration options, ExecutionSettings service) {
        static Run named(String name) throws Exception {
            kafka.createTopics(Map.of("executions-" + name, 4, "order-intents-" + name, 4, "signals-" + name, 4, "dlq-" + name, 1));
            Configuration options = JobOptions.fromArgs(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--group-id", "job-" + name,
                    "--starting-offsets", "EARLIEST",
                    "--parallelism", Integer.toString(PARALLELISM),
                    "--checkpoint-interval", "300 ms",
                    "--checkpoint-dir", Files.createDirectories(dir.resolve(name).resolve("checkpoints")).toUri().toString(),
                    "--state-backend", "ROCKSDB",
                    "--spreadflow.topic.executions", "executions-" + name,
                    "--spreadflow.topic.order-intents", "order-intents-" + name,
                    "--spreadflow.topic.signals", "signals-" + name,
                    "--spreadflow.topic.dead-letters", "dlq-" + name,
                    "--job-name", "live loop " + name);
            ExecutionSettings service = ExecutionSettings.DEFAULT.withPort(0).withDataDir(dir.resolve(name).resolve("execution"))
                    .withApiToken(TOKEN).withKafkaBootstrap(kafka.bootstrapServers()).withTopics("ticks", "executions-" + name)
                    .withTakerFees(EngineFactory.of(EngineConfigs.demo()).takerFees())
                    // every book of the run stays available: intents decided during a catch-up still fill on their own time's book
                    .withQuoteHistory(TICKS, TICKS, 10_000);
            return new Run(name, options, service);
        }

        String executionsTopic() {
            return options.get(JobOptions.EXECUTIONS_TOPIC);
        }
    }

    /** What a finished run left behind. */
    private record Outcome(Map<String, String> intents, List<PositionRow> positions, Map<String, String> fills, LedgerCounts counts,
                           Set<String> audited) {
    }

    @Test
    void failuresAndAServiceRestartNeitherLoseNorRepeatAnIntentAndEndInTheSamePositions() throws Exception {
        Run quiet = Run.named("quiet");
        Outcome expected = run(quiet, false);
        assertThat(expected.counts().intents()).as("intents of the undisturbed run").isGreaterThanOrEqualTo(100);

        Run failing = Run.named("failing");
        Outcome actual = run(failing, true);
        assertThat(FailingTicks.attempts.get()).as("job restarts from checkpoints").isGreaterThanOrEqualTo(3);
        for (int i = 0; i < FAIL_AT.length; i++) assertThat(dir.resolve("failed-" + i)).as("failure %d happened", i).exists();

        for (Outcome o : List.of(expected, actual)) {
            assertThat(o.counts().executions()).as("every accepted intent executed exactly once").isEqualTo(o.counts().intents());
            assertThat(o.audited()).as("every intent the job sent is in the ledger").isEqualTo(o.intents().keySet());
        }
        assertThat(actual.intents()).as("the same intents, with the same content").isEqualTo(expected.intents());
        assertThat(actual.fills()).as("the same fills").isEqualTo(expected.fills());
        assertThat(actual.positions()).as("the same final positions").isEqualTo(expected.positions());
        assertThat(actual.counts()).isEqualTo(expected.counts());
        System.out.printf("live loop: %d ticks, %d intents, %d leg reports, %d restarts of the job, 1 of the service%n",
                TICKS, actual.counts().intents(), actual.counts().reports(), FailingTicks.attempts.get());
    }

    private Outcome run(Run r, boolean disturb) throws Exception {
        Configuration conf = SpreadflowJob.flinkConfiguration(r.options());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        ExecutionService service = ExecutionService.start(r.service());
        int port = service.port();
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(conf, PARALLELISM)) {
            StreamExecutionEnvironment env = flink.environment();
            Configuration live = new Configuration(r.options());
            live.set(JobOptions.EXECUTION_ENDPOINT, service.baseUrl());
            live.set(JobOptions.EXECUTION_TOKEN, TOKEN);
            live.set(JobOptions.EXECUTION_FAIL_AFTER, Duration.ofSeconds(60));
            Workflow.Ticks input = Workflow.Ticks.live(SpreadflowJob.kafkaTicks(r.options()), r.options().get(JobOptions.TICKS_TOPIC));
            DataStream<EngineInput> tickStream = Workflow.tickStream(env, input);
            if (disturb) {
                long[] failAtTs = new long[FAIL_AT.length];
                for (int i = 0; i < FAIL_AT.length; i++) failAtTs[i] = ticks.get((int) (FAIL_AT[i] * TICKS)).getReceiveTsUs();
                tickStream = tickStream.map(new FailingTicks(failAtTs, dir.toString()), EngineInputType.INSTANCE)
                        .uid("failing-ticks").name("fails at given ticks");
            }
            DataStream<EngineInput> reports = env
                    .fromSource(SpreadflowJob.kafkaExecutions(r.options()), WatermarkStrategy.noWatermarks(), "executions",
                            EngineInputType.INSTANCE)
                    .uid("executions-source").name("executions");
            Workflow.defineWorkflow(env, tickStream, input, reports, EngineFactory.of(EngineConfigs.demo()).viaService(), JobSinks.live(live));
            JobID job = flink.submit(env, r.options().get(JobOptions.JOB_NAME));

            if (disturb) {
                // restart the service once, mid-run: same port, same database
                ExecutionService first = service;
                await("intents in the ledger before the service restart", () -> first.ledger().counts().intents() >= 60,
                        () -> progress(first.ledger(), "job-" + r.name(), r.executionsTopic()) + ", job " + status(flink, job));
                service.close();
                service = ExecutionService.start(r.service().withPort(port));
            }
            ExecutionService svc = service;
            await(r.name() + ": every tick and report consumed and every intent executed and published",
                    () -> quiescent(svc.ledger(), "job-" + r.name(), r.executionsTopic()),
                    () -> progress(svc.ledger(), "job-" + r.name(), r.executionsTopic()) + ", job " + status(flink, job));
            flink.cancel(job);
            return outcome(svc.ledger(), r);
        } finally {
            service.close();
        }
    }

    /**
     * Nothing left to do: the job's checkpointed offsets reached the end of both topics, and the ledger
     * has no intent pending, no report unpublished, and did not change while the offsets were read.
     */
    private static boolean quiescent(IntentLedger ledger, String group, String executionsTopic) {
        LedgerCounts before = ledger.counts();
        if (!ledger.pending().isEmpty() || !ledger.unpublished(1).isEmpty()) return false;
        if (lag(group, "ticks") > 0 || lag(group + "-executions", executionsTopic) > 0) return false;
        return ledger.counts().equals(before) && ledger.pending().isEmpty() && ledger.unpublished(1).isEmpty();
    }

    /** Where a run stands, for the message of a test that did not finish in time. */
    private static String progress(IntentLedger ledger, String group, String executionsTopic) {
        return "ledger " + ledger.counts() + ", pending " + ledger.pending().size() + ", unpublished " + ledger.unpublished(10_000).size()
                + ", ticks not yet checkpointed " + lag(group, "ticks") + ", reports not yet checkpointed "
                + lag(group + "-executions", executionsTopic);
    }

    /** Records of {@code topic} beyond the offsets the group committed (on the job's checkpoints). */
    private static long lag(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + " on " + topic, e);
        }
    }

    private static Outcome outcome(IntentLedger ledger, Run r) {
        Map<String, String> intents = new TreeMap<>();
        Map<String, String> fills = new TreeMap<>();
        for (String id : auditedIntentIds(r)) {
            LedgerEntry e = ledger.find(id).orElse(null);
            if (e == null) continue;
            intents.put(id, e.fingerprint() + " " + e.status());
            for (ExecutionReport rep : e.reports()) {
                fills.put(id + "#" + rep.getLegIndex(), rep.getStatus() + " " + rep.getFilledQty() + " @ " + rep.getAvgPrice()
                        + " fee " + rep.getFee() + " book " + rep.getFillEventTsUs());
            }
        }
        return new Outcome(intents, ledger.positions(), fills, ledger.counts(), auditedIntentIds(r));
    }

    /** The distinct intent ids the job wrote to its audit topic. */
    private static Set<String> auditedIntentIds(Run r) {
        String topic = r.options().get(JobOptions.INTENTS_TOPIC);
        var p = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), AvroSerde.orderIntent())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Set<String> ids = new java.util.TreeSet<>();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], OrderIntent> rec : consumer.poll(Duration.ofMillis(200))) ids.add(rec.value().getIntentId());
            }
            return ids;
        }
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + DEADLINE + "; " + progress.get());
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    private static String status(LocalFlinkCluster flink, JobID job) {
        try {
            return flink.status(job) + (flink.status(job).isGloballyTerminalState() ? ": " + flink.failure(job) : "");
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /**
     * Passes ticks on, and throws once at the first tick at or after each given event time, whether or not a
     * checkpoint completed before it: an attempt that catches up fast may pass its failure point before its
     * first checkpoint, and waiting for one on the task thread would hold back the checkpoint itself. A
     * restart then goes back to the last completed checkpoint, or to the start, and the execution service's
     * ledger answers the intents sent again. Failure i only in attempt i, so that each failure is a restart of its own even when the
     * subtasks' partitions have reached different event times. Which failures happened is kept in
     * files, which survive the restarts.
     */
    static final class FailingTicks extends RichMapFunction<EngineInput, EngineInput> {
        private static final long serialVersionUID = 1L;
        /** The highest attempt number any instance started with: the number of restarts. */
        static final AtomicInteger attempts = new AtomicInteger();

        private final long[] failAtTsUs;
        private final String flagDir;
        private transient int attempt;

        FailingTicks(long[] failAtTsUs, String flagDir) {
            this.failAtTsUs = failAtTsUs;
            this.flagDir = flagDir;
        }

        @Override
        public void open(OpenContext openContext) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            attempts.accumulateAndGet(attempt, Math::max);
        }

        @Override
        public EngineInput map(EngineInput in) throws Exception {
            int i = attempt;
            if (!in.isRejected() && i < failAtTsUs.length && in.receiveTsUs >= failAtTsUs[i]) {
                try {
                    // atomic: of two subtasks reaching the point together, one fails the job
                    Files.createFile(Path.of(flagDir, "failed-" + i));
                } catch (java.nio.file.FileAlreadyExistsException alreadyFailed) {
                    return in;
                }
                throw new IllegalStateException("injected failure " + i + " at tick time " + in.receiveTsUs);
            }
            return in;
        }

    }
}
