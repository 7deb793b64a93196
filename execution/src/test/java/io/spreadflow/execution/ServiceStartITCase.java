package io.spreadflow.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.Receipt;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the service does at start and on bad days: no broker, re-sends to audit, a lost database, its token file. */
class ServiceStartITCase {

    private static final String TOKEN = "start-test-token";

    @TempDir
    Path dir;
    private ExecutionService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (service != null) service.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void connectsToTheProjectsDefaultBrokerUnlessToldToRunWithoutKafka() {
        assertThat(ExecutionSettings.DEFAULT.kafkaBootstrap()).isEqualTo(io.spreadflow.connectors.kafka.Topics.DEFAULT_BOOTSTRAP);
        assertThat(ExecutionSettings.DEFAULT.withoutKafka().kafkaBootstrap()).isNull();
    }

    @Test
    void refusesToStartWhenNoBrokerAnswersAndSaysWhatToDo() throws Exception {
        String nowhere = "127.0.0.1:" + closedPort();
        ExecutionSettings s = ExecutionSettings.DEFAULT.withPort(0).withDataDir(dir).withApiToken(TOKEN).withKafkaBootstrap(nowhere)
                .withKafkaWaitMs(1_500);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> service = ExecutionService.start(s))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Kafka broker answered at " + nowhere)
                .hasMessageContaining("--no-kafka");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        // nothing was left listening: the same settings without Kafka start, on the same data folder
        service = ExecutionService.start(s.withoutKafka());
        assertThat(service.port()).isPositive();
    }

    @Test
    void recordsEveryReceiptDuplicatesAndConflictsIncludedAndKeepsThemAcrossARestart() throws Exception {
        ExecutionSettings s = ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN);
        service = ExecutionService.start(s);
        OrderIntent first = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        first.getLegs().forEach(l -> l.setLimitPrice(100.0));
        String body = new String(IntentCodec.requestBody(List.of(first)));
        assertThat(post("/v1/intents", body).statusCode()).isEqualTo(200);
        assertThat(post("/v1/intents", body).statusCode()).isEqualTo(200);
        OrderIntent changed = Intents.entry("BTC-USDT", 1, 2, 1_000, 1L);
        changed.getLegs().forEach(l -> l.setLimitPrice(100.0));
        post("/v1/intents", new String(IntentCodec.requestBody(List.of(changed))));
        service.close();

        // a new run on the same ledger (as after a crash): the re-sends are still on record, and a further one joins them
        service = ExecutionService.start(s);
        assertThat(post("/v1/intents", body).statusCode()).isEqualTo(200);
        List<Receipt> receipts = service.ledger().receipts(first.getIntentId());
        assertThat(receipts).extracting(Receipt::verdict).containsExactly(Receipt.Verdict.NEW, Receipt.Verdict.DUPLICATE,
                Receipt.Verdict.CONFLICT, Receipt.Verdict.DUPLICATE);
        assertThat(receipts).extracting(Receipt::fingerprint).containsExactly(IntentCodec.fingerprint(first), IntentCodec.fingerprint(first),
                IntentCodec.fingerprint(changed), IntentCodec.fingerprint(first));
        assertThat(receipts).extracting(Receipt::seq).isSorted().doesNotHaveDuplicates();
        assertThat(service.ledger().counts().executions()).isEqualTo(1);
        assertThat(service.ledger().receiptCounts()).containsEntry(Receipt.Verdict.NEW, 1L).containsEntry(Receipt.Verdict.DUPLICATE, 2L)
                .containsEntry(Receipt.Verdict.CONFLICT, 1L).containsEntry(Receipt.Verdict.RESUMED, 0L);
    }

    @Test
    void aLostDatabaseAnswers503WithACorrelationIdAndNoExceptionText() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN));
        service.ledger().close();
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        HttpResponse<String> r = post("/v1/intents", new String(IntentCodec.requestBody(List.of(i))));
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode err = IntentCodec.mapper().readTree(r.body());
        assertThat(err.get("error").asText()).startsWith("ledger unavailable");
        assertThat(err.get("correlationId").asText()).hasSize(13);
        assertThat(r.body()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("hikari")
                .doesNotContainIgnoringCase("closed").doesNotContain(dir.toString());
        // a 400 for bad JSON says where, not what the parser threw
        HttpResponse<String> bad = post("/v1/intents", "{\"intentId\": nope}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not valid JSON at line 1, column").doesNotContain("Unrecognized token").doesNotContain("Exception");
    }

    @Test
    void theGeneratedTokenFileIsReadableByItsOwnerOnly() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir));
        Path file = dir.resolve("api-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).isEqualTo(service.token()).hasSize(64);
        // the next start reads the same token
        service.close();
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir));
        assertThat(service.token()).isEqualTo(Files.readString(file).trim());
    }
}
