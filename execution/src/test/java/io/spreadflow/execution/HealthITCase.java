package io.spreadflow.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.testing.Intents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health} and {@code /ready} over real HTTP, up and with each part down in turn. */
class HealthITCase {

    private static final String TOKEN = "health-test-token";

    @TempDir
    Path dir;
    private EmbeddedKafka kafka;
    private ExecutionService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (service != null) service.close();
        if (kafka != null) kafka.close();
    }

    private void startWithKafka() throws Exception {
        startWithKafka(0);
    }

    private void startWithKafka(long maxTickAgeMs) throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of("ticks", 2, "executions", 1));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("ticks", null, null, "BTC-USDT",
                    AvroSerde.bookTicker().toBytes(Intents.tick("BTC-USDT", Intents.SPOT, 1_000, 99.9, 1, 100.0, 1)),
                    AvroSerde.bookTicker().headers()));
        }
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withPort(0).withDataDir(dir).withApiToken(TOKEN)
                .withKafkaBootstrap(kafka.bootstrapServers()).withMaxTickAgeMs(maxTickAgeMs));
    }

    private HttpResponse<String> get(String path) throws Exception {
        // no token: probes must not need one
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitStatus(String path, int status, Predicate<JsonNode> also) {
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> last = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<JsonNode> answer = new java.util.concurrent.atomic.AtomicReference<>();
        io.spreadflow.connectors.testing.Await.until(() -> {
            try {
                HttpResponse<String> r = get(path);
                last.set(r);
                JsonNode body = IntentCodec.mapper().readTree(r.body());
                if (r.statusCode() != status || !also.test(body)) return false;
                answer.set(body);
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(30), () -> path + " answering " + status + " as expected (last: "
                + (last.get() == null ? "none" : last.get().statusCode() + " " + last.get().body()) + ")");
        return answer.get();
    }

    @Test
    void upAndReadyWhenEverythingRunsThenDownWhenTheTickFeedThreadDies() throws Exception {
        startWithKafka();
        JsonNode ready = awaitStatus("/ready", 200, b -> true);
        assertThat(ready.get("checks").get("books").get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("checks").get("accepting").get("status").asText()).isEqualTo("UP");
        JsonNode health = awaitStatus("/health", 200, b -> b.get("checks").get("tickFeed").get("lastTickAgeMs").asLong() >= 0);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        for (String part : new String[] {"ledger", "tickFeed", "kafkaConsumer", "kafkaProducer"}) {
            assertThat(health.get("checks").get(part).get("status").asText()).as(part).isEqualTo("UP");
        }
        assertThat(health.get("checks").get("tickFeed").get("threadAlive").asBoolean()).isTrue();

        // a RuntimeException out of the consumer ends the feed's thread (an interrupt makes poll throw one)
        Thread feed = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("execution-tick-feed")).findFirst()
                .orElseThrow();
        feed.interrupt();
        feed.join(10_000);
        assertThat(feed.isAlive()).isFalse();
        JsonNode down = awaitStatus("/health", 503, b -> true);
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("checks").get("tickFeed").get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("checks").get("tickFeed").get("threadAlive").asBoolean()).isFalse();
        assertThat(down.get("checks").get("ledger").get("status").asText()).isEqualTo("UP");
        assertThat(get("/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void withAMaximumTickAgeASilentFeedIsDown() throws Exception {
        startWithKafka(1_500);
        // the tick read at start is fresh, then no more come
        awaitStatus("/health", 200, b -> b.get("checks").get("tickFeed").get("lastTickAgeMs").asLong() >= 0);
        JsonNode stale = awaitStatus("/health", 503, b -> true);
        assertThat(stale.get("checks").get("tickFeed").get("status").asText()).isEqualTo("DOWN");
        assertThat(stale.get("checks").get("tickFeed").get("threadAlive").asBoolean()).isTrue();
        assertThat(stale.get("checks").get("tickFeed").get("lastTickAgeMs").asLong()).isGreaterThan(1_500);
        assertThat(stale.get("checks").get("tickFeed").get("detail").asText()).contains("no tick for more than 1500 ms");
    }

    @Test
    void downWhenTheBrokerGoesAway() throws Exception {
        startWithKafka();
        awaitStatus("/health", 200, b -> true);
        kafka.close();
        JsonNode down = awaitStatus("/health", 503, b -> true);
        assertThat(down.get("checks").get("kafkaConsumer").get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("checks").get("ledger").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void downWhenTheLedgerIsClosedAndNotReadyOnceShuttingDown() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN));
        JsonNode up = awaitStatus("/health", 200, b -> true);
        assertThat(up.get("checks").get("tickFeed").get("status").asText()).isEqualTo("DISABLED");
        assertThat(up.get("checks").get("kafkaProducer").get("status").asText()).isEqualTo("DISABLED");
        assertThat(get("/ready").statusCode()).isEqualTo(200);

        service.desk().drain(1_000);
        JsonNode notReady = awaitStatus("/ready", 503, b -> true);
        assertThat(notReady.get("checks").get("accepting").get("status").asText()).isEqualTo("DOWN");
        assertThat(get("/health").statusCode()).as("a service shutting down is still healthy").isEqualTo(200);

        service.ledger().close();
        JsonNode down = awaitStatus("/health", 503, b -> true);
        assertThat(down.get("checks").get("ledger").get("status").asText()).isEqualTo("DOWN");
    }
}
