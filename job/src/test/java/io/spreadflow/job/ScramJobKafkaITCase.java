package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that accepts only SASL/SCRAM clients: the job's Kafka source and sinks and the execution
 * service's clients get through with the client properties file ({@code --kafka-config}), and the
 * service refuses to start without it.
 */
class ScramJobKafkaITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theJobAndTheServiceAuthenticateWithTheClientPropertiesFile(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withScramUser("spreadflow", "job-s3cret"))) {
            String bootstrap = kafka.bootstrapServers();
            Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                    "security.protocol=SASL_PLAINTEXT",
                    "sasl.mechanism=SCRAM-SHA-256",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"spreadflow\" "
                            + "password=\"job-s3cret\";"));
            KafkaClientSettings secured = KafkaClientSettings.load(bootstrap, file);
            Topics.ensureTopics(secured, Topics.defaults());

            List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 300);
            try (TickPublisher publisher = new TickPublisher(TickPublisher.producerProperties(secured), Topics.TICKS.topicName(),
                    Topics.TICKS_DLQ.topicName())) {
                ticks.forEach(publisher::publish);
                publisher.flush();
            }
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(TickPublisher.producerProperties(secured),
                    new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topics.TICKS.topicName(), "BTC-USDT", new byte[] {(byte) 0xff})).get();
            }

            // the job reads the ticks and writes its dead letter only through the secured clients
            Configuration options = JobOptions.fromArgs("--bootstrap", bootstrap, "--kafka-config", file.toString(),
                    "--bounded", "true", "--starting-offsets", "EARLIEST", "--checkpoint-interval", "0 s", "--state-backend", "HASHMAP",
                    "--parallelism", "1");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
            SpreadflowJob.defineLiveJob(env, options, EngineConfigs.engineFactory(options));
            env.execute("secured job");
            List<TopicSnapshot.Entry<DeadLetter>> letters = TopicSnapshot.readAll(secured, Topics.TICKS_DLQ.topicName(),
                    AvroSerde.deadLetter(), TIMEOUT);
            assertThat(letters).as("the undecodable tick's dead letter, written by the job").singleElement()
                    .satisfies(l -> assertThat(l.value().getSource().toString()).isEqualTo(Topics.TICKS.topicName()));

            // the execution service: refuses to start without the credentials, starts with them
            ExecutionSettings service = ExecutionSettings.DEFAULT.withPort(0).withKafkaBootstrap(bootstrap).withKafkaWaitMs(3_000)
                    .withDataDir(dir.resolve("execution"));
            assertThatThrownBy(() -> ExecutionService.start(service).close()).hasMessageContaining(bootstrap);
            try (ExecutionService s = ExecutionService.start(service.withKafkaProperties(secured.properties()).withKafkaWaitMs(30_000))) {
                var http = java.net.http.HttpClient.newHttpClient();
                var ready = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.baseUrl() + "/ready")).build();
                io.spreadflow.connectors.testing.Await.until(() -> {
                    try {
                        return http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (java.io.IOException | InterruptedException e) {
                        return false;
                    }
                }, TIMEOUT, "the service ready on the secured ticks topic");
            }
        }
    }
}
