package io.spreadflow.job.sink;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.job.serde.AvroRecordSerializer;
import io.spreadflow.schemas.DeadLetter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's at-least-once Kafka sink in a real Flink job against a real broker. */
class AtLeastOnceKafkaSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static List<DeadLetter> letters(int n, int textLength) {
        List<DeadLetter> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(io.spreadflow.job.source.DeadLetters.of("ticks", 0, (long) i, "x".repeat(textLength).getBytes(java.nio.charset.StandardCharsets.UTF_8), "test " + i, null));
        }
        return out;
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    private static Properties producer(Map<String, String> extra) {
        Properties p = new Properties();
        p.put("bootstrap.servers", KAFKA.bootstrapServers());
        p.putAll(extra);
        return p;
    }

    @Test
    void everyRecordReachesTheTopicWithItsKey() throws Exception {
        KAFKA.createTopics(Map.of("alo-letters", 3));
        StreamExecutionEnvironment env = env();
        env.fromData(letters(500, 10)).sinkTo(new AtLeastOnceKafkaSink<>(
                new AvroRecordSerializer<>("alo-letters", DeadLetter.class, d -> d.getReason().toString()), producer(Map.of())));
        env.execute("at least once");
        var read = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "alo-letters", AvroSerde.deadLetter(), Duration.ofSeconds(30));
        assertThat(read).hasSize(500);
        assertThat(read).allSatisfy(e -> assertThat(e.key()).isEqualTo(e.value().getReason().toString()));
    }

    @Test
    void aRecordKafkaRefusesFailsTheJobInsteadOfBeingDropped() {
        KAFKA.createTopics(Map.of("alo-refused", 1));
        StreamExecutionEnvironment env = env();
        // a producer that cannot send anything over 1 KB: the 5 KB record is refused by the client
        env.fromData(letters(3, 5_000)).sinkTo(new AtLeastOnceKafkaSink<>(
                new AvroRecordSerializer<>("alo-refused", DeadLetter.class, d -> null), producer(Map.of("max.request.size", "1024"))));
        assertThatThrownBy(() -> env.execute("refused")).hasStackTraceContaining("Kafka refused a record")
                .hasStackTraceContaining("RecordTooLargeException");
    }
}
