package io.spreadflow.execution;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.OrderIntent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as its own process, stopped with SIGTERM right after it executed a batch: its shutdown
 * hook drains the outbox to Kafka before the database closes, and nothing complains on the way out.
 */
class ServiceShutdownITCase {

    private static final String TOKEN = "shutdown-test-token";
    private static final int INTENTS = 300;

    @TempDir
    Path dir;

    @Test
    void sigtermPublishesEveryPendingReportBeforeTheLedgerCloses() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Map.of("ticks", 1, "executions", 1));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (BookTicker t : List.of(Intents.tick("BTC-USDT", Intents.SPOT, 1_000, 99.9, 1000, 100.0, 1000),
                        Intents.tick("BTC-USDT", Intents.FUT, 1_000, 100.5, 1000, 100.6, 1000))) {
                    producer.send(new ProducerRecord<>("ticks", null, null, "BTC-USDT", AvroSerde.bookTicker().toBytes(t),
                            AvroSerde.bookTicker().headers()));
                }
            }
            Path tokenFile = dir.resolve("token");
            Files.writeString(tokenFile, TOKEN);
            Path data = dir.resolve("execution");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    // the service's own shutdown lines must reach the log: Log4j's hook would stop logging first
                    "-Dlog4j.shutdownHookEnabled=false",
                    "-cp", System.getProperty("java.class.path"), ExecutionService.class.getName(),
                    "--port", "0", "--data-dir", data.toString(), "--token-file", tokenFile.toString(),
                    "--bootstrap", kafka.bootstrapServers()).redirectErrorStream(true).start();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.add(line);
                        if (line.startsWith(ExecutionService.READY_PREFIX)) ready.complete(line.substring(ExecutionService.READY_PREFIX.length()));
                    }
                } catch (java.io.IOException ignored) {
                    // the child ended
                }
                ready.complete(null);
            });
            reader.start();
            try {
                String url = ready.get(60, TimeUnit.SECONDS);
                assertThat(url).as(String.join("\n", output)).isNotNull();
                List<OrderIntent> batch = new ArrayList<>();
                for (int k = 1; k <= INTENTS; k++) batch.add(Intents.entry("BTC-USDT", k, 0.01, 1_000, (long) k));
                HttpClient http = HttpClient.newHttpClient();
                CompletableFuture<HttpResponse<String>> sent = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/v1/intents"))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(IntentCodec.requestBody(batch))).build(), HttpResponse.BodyHandlers.ofString());
                // SIGTERM while the batch executes: intents under way finish, their reports are published, then the ledger closes
                HttpRequest firstDone = HttpRequest.newBuilder(URI.create(url + "/v1/intents/" + batch.get(0).getIntentId()))
                        .header("Authorization", "Bearer " + TOKEN).build();
                io.spreadflow.connectors.testing.Await.until(() -> {
                    try {
                        return http.send(firstDone, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(30), "the batch's first intent executed");
                // SIGTERM through the handle: Process.destroy() would also close our end of the child's output
                child.toHandle().destroy();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                HttpResponse<String> r = sent.get(60, TimeUnit.SECONDS);
                // the batch was cut short by the shutdown (503, send again) or had finished just before it (200)
                assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
            } finally {
                child.destroyForcibly();
                reader.join(10_000);
            }
            String log = String.join("\n", output);
            assertThat(log).doesNotContainIgnoringCase("already closed").doesNotContain(" ERROR ").doesNotContain("Exception");


            // every intent that was taken on was completed, and each of its reports reached Kafka once
            long reports;
            try (IntentLedger ledger = IntentLedger.open(ExecutionSettings.DEFAULT.withDataDir(data).effectiveDbUrl(), null, null)) {
                assertThat(ledger.pending()).as("intents left executing").isEmpty();
                assertThat(ledger.unpublished(1)).as("reports left in the outbox").isEmpty();
                reports = ledger.counts().reports();
                assertThat(reports).isEqualTo(2 * ledger.counts().intents()).isPositive();
            }
            assertThat(publishedReports(kafka.bootstrapServers())).hasSize((int) reports);
            assertThat(log).as("exit code " + child.exitValue()).contains("execution service stopped");
        }
    }

    private static Set<String> publishedReports(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Set<String> legs = new HashSet<>();
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("executions", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 20_000;
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (var rec : c.poll(Duration.ofMillis(200))) {
                    var report = AvroSerde.executionReport().fromBytes(rec.value());
                    legs.add(report.getIntentId() + "#" + report.getLegIndex());
                    records++;
                }
            }
        }
        assertThat(records).as("records on executions (a re-published report would be counted twice)").isEqualTo(legs.size());
        return legs;
    }
}
