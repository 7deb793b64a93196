package io.spreadflow.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.execution.http.IntentApi;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.LedgerCounts;
import io.spreadflow.execution.ledger.Receipt;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An intent id the ledger holds with other content — what a job started without its state sends when
 * its ids restart — is answered 409 with a body naming the conflict, never a 200 that reads as done.
 */
class IntentConflictITCase {

    private static final String TOKEN = "conflict-test-token";

    @TempDir
    Path dir;
    private ExecutionService service;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static OrderIntent priced(OrderIntent i) {
        i.getLegs().forEach(l -> l.setLimitPrice(100.0));
        return i;
    }

    private HttpResponse<String> post(List<OrderIntent> intents, boolean asArray) throws Exception {
        String body = asArray ? new String(IntentCodec.requestBody(intents)) : IntentCodec.toJson(intents.get(0)).toString();
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/intents")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aResendWithTheSameContentIs200WithTheStoredResult() throws Exception {
        OrderIntent i = priced(Intents.entry("BTC-USDT", 1, 1, 1_000, 1L));
        JsonNode first = IntentCodec.mapper().readTree(post(List.of(i), false).body());
        HttpResponse<String> again = post(List.of(i), false);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode r = IntentCodec.mapper().readTree(again.body());
        assertThat(r.get("duplicate").asBoolean()).isTrue();
        assertThat(r.get("conflict").asBoolean()).isFalse();
        assertThat(r.get("status")).isEqualTo(first.get("status"));
    }

    @Test
    void anIdReusedForOtherContentIs409NamingItAndExecutesNothing() throws Exception {
        OrderIntent earlierRun = priced(Intents.entry("BTC-USDT", 1, 1, 1_000, 1L));
        assertThat(post(List.of(earlierRun), false).statusCode()).isEqualTo(200);
        LedgerCounts before = service.ledger().counts();

        // a later run, started without state, sends sequence 1 again: other quantity and time
        OrderIntent laterRun = priced(Intents.entry("BTC-USDT", 1, 2, 9_000, 1L));
        HttpResponse<String> r = post(List.of(laterRun), false);
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = IntentCodec.mapper().readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo(IntentApi.CONFLICT_CODE);
        assertThat(body.get("error").asText()).contains("intent id conflict").contains(earlierRun.getIntentId());
        assertThat(body.get("conflicts")).hasSize(1);
        assertThat(body.get("conflicts").get(0).asText()).isEqualTo(earlierRun.getIntentId());
        assertThat(body.get("othersExecuted").asBoolean()).isFalse();
        assertThat(body.get("stored").get(0).get("conflict").asBoolean()).isTrue();
        assertThat(service.ledger().counts()).isEqualTo(before);
        assertThat(service.ledger().find(earlierRun.getIntentId()).orElseThrow().intent()).isEqualTo(earlierRun);
        assertThat(service.ledger().receipts(earlierRun.getIntentId())).extracting(Receipt::verdict)
                .containsExactly(Receipt.Verdict.NEW, Receipt.Verdict.CONFLICT);
    }

    @Test
    void aBatchWithOneConflictIs409AndNoneOfItIsExecuted() throws Exception {
        OrderIntent earlierRun = priced(Intents.entry("BTC-USDT", 1, 1, 1_000, 1L));
        post(List.of(earlierRun), true);
        OrderIntent fresh = priced(Intents.entry("BTC-USDT", 2, 1, 1_000, 2L));
        OrderIntent reused = priced(Intents.entry("BTC-USDT", 1, 3, 1_000, 1L));
        HttpResponse<String> r = post(List.of(fresh, reused), true);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(IntentCodec.mapper().readTree(r.body()).get("conflicts").get(0).asText()).isEqualTo(reused.getIntentId());
        assertThat(service.ledger().find(fresh.getIntentId())).as("the batch's other intent was not acted on").isEmpty();
        // sent again without the conflicting one, it executes
        HttpResponse<String> alone = post(List.of(fresh), false);
        assertThat(alone.statusCode()).isEqualTo(200);
        assertThat(IntentCodec.mapper().readTree(alone.body()).get("duplicate").asBoolean()).isFalse();
    }
}
