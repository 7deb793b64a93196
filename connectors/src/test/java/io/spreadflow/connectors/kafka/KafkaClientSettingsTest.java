package io.spreadflow.connectors.kafka;

import io.spreadflow.connectors.feed.KafkaFeedPublisher;
import io.spreadflow.connectors.record.TopicRecorder;
import io.spreadflow.connectors.replay.TickPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client properties of {@code --kafka-config} reach the configuration of every client the connectors create. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"feed\" password=\"s3cret\";";

    private static KafkaClientSettings secured(Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "# SASL/SCRAM over TLS, as a managed Kafka hands it out",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + JAAS,
                "ssl.truststore.location=/etc/kafka/truststore.p12",
                "ssl.truststore.password=changeit",
                "acks=all",
                "isolation.level=read_committed"));
        return KafkaClientSettings.load("broker-1:9093", file);
    }

    @Test
    void securityPropertiesReachEveryClient(@TempDir Path dir) throws Exception {
        KafkaClientSettings kafka = secured(dir);
        Map<String, Properties> clients = new LinkedHashMap<>();
        clients.put("feed producer", KafkaFeedPublisher.producerProperties(kafka));
        clients.put("replay producer", TickPublisher.producerProperties(kafka));
        TopicRecorder recorder = new TopicRecorder(TopicRecorder.Settings.of("ignored:1", "ticks", dir).withKafka(kafka));
        clients.put("recorder consumer", recorder.consumerProperties());
        clients.put("recorder dead-letter producer", recorder.dlqProducerProperties());
        clients.put("snapshot consumer", TopicSnapshot.consumerProperties(kafka));
        clients.put("topics admin", Topics.adminProperties(kafka));
        clients.forEach((name, p) -> {
            assertThat(p.get("bootstrap.servers")).as(name).isEqualTo("broker-1:9093");
            assertThat(p.get("security.protocol")).as(name).isEqualTo("SASL_SSL");
            assertThat(p.get("sasl.mechanism")).as(name).isEqualTo("SCRAM-SHA-512");
            assertThat(p.get("sasl.jaas.config")).as(name).isEqualTo(JAAS);
            assertThat(p.get("ssl.truststore.location")).as(name).isEqualTo("/etc/kafka/truststore.p12");
            assertThat(p.get("ssl.truststore.password")).as(name).isEqualTo("changeit");
        });
        // each client gets only the keys it knows: no "supplied but isn't a known config" warnings
        assertThat(clients.get("feed producer")).containsEntry("acks", "all").doesNotContainKey("isolation.level");
        assertThat(clients.get("snapshot consumer")).doesNotContainKey("acks");
        assertThat(clients.get("topics admin")).doesNotContainKeys("acks", "isolation.level");
        // the project's own settings stay where the file says nothing
        assertThat(clients.get("feed producer")).containsEntry("enable.idempotence", true);
    }

    @Test
    void withoutAFileClientsGetOnlyTheBootstrapServers() {
        KafkaClientSettings plain = KafkaClientSettings.load("localhost:9092", null);
        Properties p = KafkaFeedPublisher.producerProperties(plain);
        assertThat(p.get("bootstrap.servers")).isEqualTo("localhost:9092");
        assertThat(p).doesNotContainKey("security.protocol");
        assertThat(Topics.adminProperties(plain)).doesNotContainKey("security.protocol");
    }

    @Test
    void unknownKeysAndBootstrapServersInTheFileAreRefused(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "security.protocl=SASL_SSL\n");
        assertThatThrownBy(() -> KafkaClientSettings.load("localhost:9092", typo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security.protocl").hasMessageContaining(typo.toString());
        Path bootstrap = dir.resolve("bootstrap.properties");
        Files.writeString(bootstrap, "bootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> KafkaClientSettings.load("localhost:9092", bootstrap)).hasMessageContaining("--bootstrap");
    }

    @Test
    void toStringShowsKeysButNoSecrets(@TempDir Path dir) throws Exception {
        String s = secured(dir).toString();
        assertThat(s).contains("broker-1:9093", "sasl.jaas.config", "ssl.truststore.password").doesNotContain("s3cret", "changeit");
    }
}
