package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live pipeline end to end: ticks on an embedded Kafka broker → the job (Kafka source, parallelism
 * 2, two tick partitions) → signals and order intents on their topics, read back with a plain consumer
 * and compared, instrument by instrument, with what the engine emits for the same ticks.
 */
class KafkaPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final StrategyConfig CONFIG = EngineConfigs.demo();
    /** 120 s of the synthetic market: every instrument goes through several dislocations. */
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 12_000);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static JobClient start(Configuration options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        SpreadflowJob.defineLiveJob(env, options, EngineFactory.of(CONFIG));
        return env.executeAsync("kafka pipeline");
    }

    private static Map<String, List<OrderIntent>> expectedIntents(boolean endOfInput) {
        return DirectEngineRun.run(CONFIG, TICKS, endOfInput).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().intents));
    }

    @Test
    void liveJobTurnsTicksIntoTheEngineSignalsAndIntents() throws Exception {
        KafkaTopics topics = new KafkaTopics(KAFKA.broker(), "live", 2);
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, false);
        int intentCount = DirectEngineRun.allIntents(expected).size();
        int signalCount = DirectEngineRun.allSignals(expected).size();
        assertThat(intentCount).as("the synthetic market must make the engine trade").isPositive();

        JobClient job = start(topics.options("--parallelism", "2", "--state-backend", "ROCKSDB", "--checkpoint-interval", "1 s"));
        try {
            topics.publish(TICKS);
            Map<String, List<OrderIntent>> intents = topics.await(topics.intents, AvroSerde.orderIntent(), OrderIntent::getInstrument,
                    intentCount, Duration.ofSeconds(120));
            Map<String, List<Signal>> signals = topics.await(topics.signals, AvroSerde.signal(), Signal::getInstrument,
                    signalCount, Duration.ofSeconds(60));
            for (var e : expected.entrySet()) {
                assertThat(intents.getOrDefault(e.getKey(), List.of())).as("intents of %s", e.getKey()).containsExactlyElementsOf(e.getValue().intents);
                assertThat(signals.getOrDefault(e.getKey(), List.of())).as("signals of %s", e.getKey()).containsExactlyElementsOf(e.getValue().signals);
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void boundedReplayOfTheTopicGivesTheSameOutputOnEveryRun() throws Exception {
        KafkaTopics first = new KafkaTopics(KAFKA.broker(), "replay-a", 2);
        first.publish(TICKS);
        Map<String, List<OrderIntent>> expected = expectedIntents(true);

        start(first.options("--bounded", "true", "--parallelism", "2", "--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms"))
                .getJobExecutionResult().get();
        Map<String, List<OrderIntent>> run1 = first.byInstrument(first.intents, AvroSerde.orderIntent(), OrderIntent::getInstrument);
        assertThat(run1).isEqualTo(expected);

        // the same stored ticks again, into fresh output topics: byte for byte the same intents
        KafkaTopics second = new KafkaTopics(KAFKA.broker(), "replay-b", 2);
        Configuration again = second.options("--bounded", "true", "--parallelism", "2", "--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms",
                "--spreadflow.topic.ticks", first.ticks);
        start(again).getJobExecutionResult().get();
        assertThat(second.byInstrument(second.intents, AvroSerde.orderIntent(), OrderIntent::getInstrument)).isEqualTo(run1);
        assertThat(second.byInstrument(second.signals, AvroSerde.signal(), Signal::getInstrument))
                .isEqualTo(first.byInstrument(first.signals, AvroSerde.signal(), Signal::getInstrument));
    }

    /** Signals on {@code topic} as a consumer with {@code isolation} sees them, polling until {@code count} or {@code timeout}. */
    private static List<Signal> signalsSeen(String topic, String isolation, int count, Duration timeout) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", KAFKA.bootstrapServers());
        p.put("group.id", "reader-" + isolation + "-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", isolation);
        List<Signal> out = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), AvroSerde.signal())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) out.add(r.value());
            }
        }
        return out;
    }

    @Test
    void exactlyOnceTopicsShowEachRecordOnceAndOnlyWhenACheckpointCommitsIt() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, false);
        int signalCount = DirectEngineRun.allSignals(expected).size();

        // no checkpoint for an hour: every record stays in an open transaction
        KafkaTopics held = new KafkaTopics(KAFKA.broker(), "eo-held", 2);
        JobClient job = start(held.options("--parallelism", "2", "--state-backend", "HASHMAP", "--checkpoint-interval", "1 h",
                "--delivery", "EXACTLY_ONCE", "--job-name", "eo-held"));
        try {
            held.publish(TICKS);
            assertThat(signalsSeen(held.signals, "read_uncommitted", signalCount, Duration.ofSeconds(120)))
                    .as("written, in an open transaction").hasSize(signalCount);
            assertThat(signalsSeen(held.signals, "read_committed", 1, Duration.ofSeconds(2)))
                    .as("nothing committed before a checkpoint").isEmpty();
        } finally {
            job.cancel().get();
        }

        // checkpoints every second: read_committed readers see every signal, once, in the engine's order
        KafkaTopics committed = new KafkaTopics(KAFKA.broker(), "eo-committed", 2);
        job = start(committed.options("--parallelism", "2", "--state-backend", "ROCKSDB", "--checkpoint-interval", "1 s",
                "--delivery", "EXACTLY_ONCE", "--job-name", "eo-committed"));
        try {
            committed.publish(TICKS);
            assertThat(signalsSeen(committed.signals, "read_committed", signalCount, Duration.ofSeconds(120)))
                    .as("committed by the checkpoints").hasSize(signalCount);
            // a fresh reader, polling a while longer: each signal once, nothing beyond them
            Map<String, List<Signal>> byInstrument = new java.util.TreeMap<>();
            for (Signal sg : signalsSeen(committed.signals, "read_committed", Integer.MAX_VALUE, Duration.ofSeconds(5))) {
                byInstrument.computeIfAbsent(sg.getInstrument().toString(), k -> new java.util.ArrayList<>()).add(sg);
            }
            for (var e : expected.entrySet()) {
                assertThat(byInstrument.getOrDefault(e.getKey(), List.of())).as("signals of %s, once each", e.getKey())
                        .containsExactlyElementsOf(e.getValue().signals);
            }
        } finally {
            job.cancel().get();
        }
    }
}
