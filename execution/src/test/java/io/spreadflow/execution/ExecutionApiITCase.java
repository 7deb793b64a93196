package io.spreadflow.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.execution.ledger.LedgerCounts;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.risk.RiskLimits;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The execution service over real HTTP, with its ledger in an embedded database and its books and
 * reports on a real Kafka broker.
 */
class ExecutionApiITCase {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static final String TICKS = "ticks";
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;
    private String executionsTopic;
    private ExecutionService service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of(TICKS, 2));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (String instrument : List.of("BTC-USDT", "ETH-USDT")) {
                List<BookTicker> ticks = List.of(
                        Intents.tick(instrument, Intents.SPOT, 1_000_000, 99.9, 5, 100.0, 5),
                        Intents.tick(instrument, Intents.FUT, 1_000_100, 100.5, 5, 100.6, 5),
                        Intents.tick(instrument, Intents.SPOT, 2_000_000, 100.9, 5, 101.0, 2),
                        Intents.tick(instrument, Intents.FUT, 2_000_100, 101.5, 5, 101.6, 5),
                        Intents.tick(instrument, Intents.SPOT, 9_000_000, 100.9, 50, 101.0, 50),
                        Intents.tick(instrument, Intents.FUT, 9_000_100, 101.5, 50, 101.6, 50));
                for (BookTicker t : ticks) producer.send(new ProducerRecord<>(TICKS, null, null, instrument, AvroSerde.bookTicker().toBytes(t),
                        AvroSerde.bookTicker().headers()));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void topic(TestInfo info) throws Exception {
        executionsTopic = "executions-" + info.getTestMethod().orElseThrow().getName();
        kafka.createTopics(Map.of(executionsTopic, 1));
    }

    @AfterEach
    void stop() {
        if (service != null) service.close();
    }

    private ExecutionSettings settings(RiskLimits limits) {
        return ExecutionSettings.DEFAULT.withPort(0).withDataDir(dir).withApiToken(TOKEN).withKafkaBootstrap(kafka.bootstrapServers())
                .withTopics(TICKS, executionsTopic).withRiskLimits(limits)
                .withTakerFees(Map.of(Intents.SPOT, new BigDecimal("0.001"), Intents.FUT, new BigDecimal("0.0005")));
    }

    private ExecutionService start(RiskLimits limits) {
        service = ExecutionService.start(settings(limits));
        return service;
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return call("POST", path, body, "Bearer " + TOKEN);
    }

    private JsonNode submit(OrderIntent i) throws Exception {
        HttpResponse<String> r = post("/v1/intents", new String(IntentCodec.requestBody(List.of(i))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return IntentCodec.mapper().readTree(r.body());
    }

    private JsonNode positions() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/positions", null, "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return IntentCodec.mapper().readTree(r.body()).get("positions");
    }

    /** Every report on this test's executions topic once the outbox is empty. */
    private List<ConsumerRecord<String, ExecutionReport>> publishedReports(int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<ConsumerRecord<String, ExecutionReport>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(executionsTopic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && (out.size() < expected || !service.ledger().unpublished(1).isEmpty())) {
                for (var r : c.poll(Duration.ofMillis(100))) {
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), AvroSerde.executionReport().fromBytes(r.value())));
                }
            }
            // anything beyond what was expected would be a duplicate publication: read what else is there
            for (var r : c.poll(Duration.ofMillis(300))) {
                out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), AvroSerde.executionReport().fromBytes(r.value())));
            }
        }
        return out;
    }

    @Test
    void healthNeedsNoTokenButEverythingElseDoes() throws Exception {
        start(RiskLimits.DEFAULT);
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        String body = new String(IntentCodec.requestBody(List.of(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L))));
        Map<String, String> badAuth = new LinkedHashMap<>();
        badAuth.put("none", null);
        badAuth.put("wrong token", "Bearer nope");
        badAuth.put("token with one character changed", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "X");
        badAuth.put("token as a prefix", "Bearer " + TOKEN.substring(0, 5));
        badAuth.put("basic scheme", "Basic " + TOKEN);
        for (var auth : badAuth.entrySet()) {
            for (String[] call : List.of(new String[] {"POST", "/v1/intents", body}, new String[] {"GET", "/v1/intents/BTC-USDT:rdn:1", null},
                    new String[] {"GET", "/v1/positions", null}, new String[] {"POST", "/v1/kill-switch", "{\"on\":true}"},
                    new String[] {"GET", "/metrics", null})) {
                HttpResponse<String> r = call(call[0], call[1], call[2], auth.getValue());
                assertThat(r.statusCode()).as(auth.getKey() + " " + call[0] + " " + call[1]).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            }
        }
        assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(0, 0, 0));
        assertThat(service.desk().killSwitch()).isFalse();
        assertThat(call("GET", "/metrics", null, "Bearer " + TOKEN).body()).contains("spreadflow_execution_http_responses_total{code=\"401\"}");
    }

    @Test
    void eachInvalidFieldGets400NamingItAndChangesNothing() throws Exception {
        start(RiskLimits.DEFAULT);
        Map<String, Consumer<ObjectNode>> cases = new LinkedHashMap<>();
        cases.put("intentId", o -> o.remove("intentId"));
        cases.put("intentId ", o -> o.put("intentId", "has space"));
        cases.put("instrument", o -> o.put("instrument", "btc-usdt"));
        cases.put("strategyId", o -> o.put("strategyId", 5));
        cases.put("sequence", o -> o.put("sequence", -1));
        cases.put("sequence ", o -> o.put("sequence", "x"));
        cases.put("purpose", o -> o.put("purpose", "BUY"));
        cases.put("legs", o -> o.putArray("legs"));
        cases.put("legs ", o -> o.remove("legs"));
        cases.put("legs[0].venue", o -> ((ObjectNode) o.get("legs").get(0)).put("venue", ""));
        cases.put("legs[0].side", o -> ((ObjectNode) o.get("legs").get(0)).put("side", "HOLD"));
        cases.put("legs[1].quantity", o -> ((ObjectNode) o.get("legs").get(1)).put("quantity", 0));
        cases.put("legs[1].quantity ", o -> ((ObjectNode) o.get("legs").get(1)).put("quantity", -2.5));
        cases.put("legs[1].quantity  ", o -> ((ObjectNode) o.get("legs").get(1)).put("quantity", "NaN"));
        cases.put("legs[0].limitPrice", o -> ((ObjectNode) o.get("legs").get(0)).put("limitPrice", -5));
        cases.put("legs[0].reduceOnly", o -> ((ObjectNode) o.get("legs").get(0)).put("reduceOnly", "yes"));
        cases.put("legs[0].price", o -> ((ObjectNode) o.get("legs").get(0)).put("price", 1));
        cases.put("eventTsUs", o -> o.put("eventTsUs", 1.5));
        cases.put("reason", o -> o.remove("reason"));
        cases.put("positionId", o -> o.put("positionId", "a"));
        cases.put("quantity", o -> o.put("quantity", 1));
        for (var c : cases.entrySet()) {
            ObjectNode o = IntentCodec.toJson(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L));
            c.getValue().accept(o);
            HttpResponse<String> r = post("/v1/intents", o.toString());
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(400);
            JsonNode err = IntentCodec.mapper().readTree(r.body());
            assertThat(err.get("field").asText()).isEqualTo(c.getKey().trim());
            assertThat(err.get("error").asText()).startsWith(c.getKey().trim() + ":");
        }
        // a batch is refused whole: its valid first intent is not acted on either
        ArrayNode batch = IntentCodec.mapper().createArrayNode();
        batch.add(IntentCodec.toJson(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L)));
        ObjectNode bad = IntentCodec.toJson(Intents.entry("BTC-USDT", 2, 1, 1_500_000, 2L));
        ((ObjectNode) bad.get("legs").get(0)).put("quantity", 0);
        batch.add(bad);
        HttpResponse<String> r = post("/v1/intents", batch.toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(IntentCodec.mapper().readTree(r.body()).get("field").asText()).isEqualTo("[1].legs[0].quantity");
        for (String body : List.of("{not json", "", "[]", "42", "{\"intentId\":\"a\",\"intentId\":\"b\"}")) {
            HttpResponse<String> e = post("/v1/intents", body);
            assertThat(e.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(post("/v1/kill-switch", "{\"on\":\"yes\"}").statusCode()).isEqualTo(400);
        assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(0, 0, 0));
        assertThat(positions()).isEmpty();
        assertThat(service.desk().killSwitch()).isFalse();
    }

    @Test
    void anOversizedBodyGets413AndChangesNothing() throws Exception {
        service = ExecutionService.start(settings(RiskLimits.DEFAULT).withLimits(4096, 1000, 2_000));
        ObjectNode o = IntentCodec.toJson(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L));
        o.put("reason", "x".repeat(5000));
        assertThat(post("/v1/intents", o.toString()).statusCode()).isEqualTo(413);
        ArrayNode batch = IntentCodec.mapper().createArrayNode();
        for (int k = 0; k < 40; k++) batch.add(IntentCodec.toJson(Intents.entry("BTC-USDT", k, 1, 1_500_000, (long) k)));
        assertThat(batch.toString().length()).isGreaterThan(4096);
        assertThat(post("/v1/intents", batch.toString()).statusCode()).isEqualTo(413);
        assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(0, 0, 0));
        // a body that fits is accepted
        assertThat(submit(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
    }

    @Test
    void fillsTakerAtTheTopOfTheBookAsOfTheIntentTimeAndPublishesTheReports() throws Exception {
        start(RiskLimits.DEFAULT);
        // at 1.5 s the book is the first pair of ticks: spot ask 100.0, futures bid 100.5
        JsonNode r = submit(Intents.entry("BTC-USDT", 1, 1.5, 1_500_000, 1L));
        assertThat(r.get("status").asText()).isEqualTo("FILLED");
        assertThat(r.get("duplicate").asBoolean()).isFalse();
        JsonNode spot = r.get("reports").get(0);
        JsonNode fut = r.get("reports").get(1);
        assertThat(spot.get("avgPrice").asDouble()).isEqualTo(100.0);
        assertThat(spot.get("filledQty").asDouble()).isEqualTo(1.5);
        assertThat(spot.get("fee").asDouble()).isCloseTo(1.5 * 100.0 * 0.001, within(1e-12));
        assertThat(spot.get("feeCurrency").asText()).isEqualTo("USDT");
        assertThat(spot.get("fillEventTsUs").asLong()).isEqualTo(1_000_000);
        assertThat(fut.get("avgPrice").asDouble()).isEqualTo(100.5);
        assertThat(fut.get("fee").asDouble()).isCloseTo(1.5 * 100.5 * 0.0005, within(1e-12));
        // at 2.5 s spot shows only 2 at its ask: 3 wanted, 2 filled, the rest canceled
        JsonNode partial = submit(Intents.entry("BTC-USDT", 2, 3, 2_500_000, 2L));
        assertThat(partial.get("status").asText()).isEqualTo("PARTIALLY_FILLED");
        assertThat(partial.get("reports").get(0).get("status").asText()).isEqualTo("CANCELED");
        assertThat(partial.get("reports").get(0).get("filledQty").asDouble()).isEqualTo(2.0);
        assertThat(partial.get("reports").get(0).get("avgPrice").asDouble()).isEqualTo(101.0);
        assertThat(partial.get("reports").get(1).get("filledQty").asDouble()).isEqualTo(3.0);
        assertThat(partial.get("reports").get(1).get("avgPrice").asDouble()).isEqualTo(101.5);
        // a limit the book does not reach fills nothing
        OrderIntent limited = Intents.entry("BTC-USDT", 3, 1, 2_500_000, 3L);
        limited.getLegs().get(0).setLimitPrice(100.5);
        JsonNode unfilled = submit(limited);
        assertThat(unfilled.get("reports").get(0).get("status").asText()).isEqualTo("REJECTED");
        assertThat(unfilled.get("reports").get(0).get("filledQty").asDouble()).isZero();
        assertThat(unfilled.get("reports").get(0).get("reason").asText()).contains("limit");

        JsonNode pos = positions();
        JsonNode spotPos = pos.get(0).get("venue").asText().equals(Intents.SPOT) ? pos.get(0) : pos.get(1);
        assertThat(new BigDecimal(spotPos.get("netQty").asText())).isEqualByComparingTo("3.5");
        assertThat(new BigDecimal(spotPos.get("boughtQuote").asText())).isEqualByComparingTo("352");

        List<ConsumerRecord<String, ExecutionReport>> published = publishedReports(6);
        assertThat(published).hasSize(6);
        assertThat(published).allSatisfy(p -> assertThat(p.key()).isEqualTo("BTC-USDT"));
        assertThat(published.get(0).value().getAvgPrice()).isEqualTo(100.0);
        assertThat(published).extracting(p -> p.value().getIntentId() + "#" + p.value().getLegIndex()).doesNotHaveDuplicates();
    }

    @Test
    void aResentIntentGetsTheStoredResultAndIsNeverExecutedTwice() throws Exception {
        start(RiskLimits.DEFAULT);
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L);
        JsonNode first = submit(i);
        JsonNode positionsBefore = positions();
        JsonNode again = submit(i);
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("conflict").asBoolean()).isFalse();
        assertThat(again.get("reports")).isEqualTo(first.get("reports"));
        // many at once: still one execution
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OrderIntent fresh = Intents.entry("BTC-USDT", 2, 1, 1_500_000, 2L);
            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int k = 0; k < 8; k++) calls.add(() -> submit(fresh));
            int executedNow = 0;
            for (Future<JsonNode> f : pool.invokeAll(calls)) if (!f.get().get("duplicate").asBoolean()) executedNow++;
            assertThat(executedNow).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // the same id with other content: the stored intent stands
        OrderIntent changed = Intents.entry("BTC-USDT", 1, 7, 1_600_000, 1L);
        HttpResponse<String> refused = post("/v1/intents", new String(IntentCodec.requestBody(List.of(changed))));
        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode conflict = IntentCodec.mapper().readTree(refused.body()).get("stored").get(0);
        assertThat(conflict.get("duplicate").asBoolean()).isTrue();
        assertThat(conflict.get("conflict").asBoolean()).isTrue();
        assertThat(conflict.get("reports")).isEqualTo(first.get("reports"));
        // and in a batch, next to a new one
        HttpResponse<String> batch = post("/v1/intents", new String(IntentCodec.requestBody(List.of(i, Intents.entry("BTC-USDT", 3, 1, 1_500_000, 3L)))));
        JsonNode results = IntentCodec.mapper().readTree(batch.body());
        assertThat(results.get(0).get("duplicate").asBoolean()).isTrue();
        assertThat(results.get(1).get("duplicate").asBoolean()).isFalse();

        assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(3, 6, 3));
        LedgerEntry stored = service.ledger().find(i.getIntentId()).orElseThrow();
        assertThat(stored.executions()).isEqualTo(1);
        assertThat(stored.intent()).isEqualTo(i);
        HttpResponse<String> byId = call("GET", "/v1/intents/" + i.getIntentId(), null, "Bearer " + TOKEN);
        assertThat(IntentCodec.mapper().readTree(byId.body()).get("reports")).isEqualTo(first.get("reports"));
        assertThat(call("GET", "/v1/intents/BTC-USDT:rdn:999", null, "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(publishedReports(6)).hasSize(6);

        // after a restart the ledger still knows it
        service.close();
        service = ExecutionService.start(settings(RiskLimits.DEFAULT));
        JsonNode afterRestart = submit(i);
        assertThat(afterRestart.get("duplicate").asBoolean()).isTrue();
        assertThat(afterRestart.get("reports")).isEqualTo(first.get("reports"));
        assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(3, 6, 3));
        assertThat(positions().get(0).get("fills").asLong()).isEqualTo(3);
        assertThat(positionsBefore.get(0).get("fills").asLong()).isEqualTo(1);
        assertThat(publishedReports(6)).hasSize(6);
    }

    @Test
    void theKillSwitchRejectsEntriesButLetsExitsThroughAndSurvivesARestart() throws Exception {
        start(RiskLimits.DEFAULT);
        assertThat(submit(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        HttpResponse<String> on = post("/v1/kill-switch", "{\"on\":true}");
        assertThat(on.statusCode()).isEqualTo(200);
        JsonNode before = positions();
        JsonNode refused = submit(Intents.entry("BTC-USDT", 2, 1, 1_500_000, 2L));
        assertThat(refused.get("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.get("reason").asText()).contains("kill switch");
        assertThat(refused.get("reports")).allSatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo("REJECTED");
            assertThat(r.get("filledQty").asDouble()).isZero();
        });
        assertThat(positions()).isEqualTo(before);
        assertThat(service.ledger().find("BTC-USDT:rdn:2").orElseThrow().executions()).isZero();

        service.close();
        service = ExecutionService.start(settings(RiskLimits.DEFAULT));
        assertThat(service.desk().killSwitch()).isTrue();
        assertThat(submit(Intents.exit("BTC-USDT", 3, 1, 2_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(post("/v1/kill-switch", "{\"on\":false}").statusCode()).isEqualTo(200);
        assertThat(submit(Intents.entry("BTC-USDT", 4, 1, 2_500_000, 4L)).get("status").asText()).isEqualTo("FILLED");
        // the refused id stays refused: the ledger answers for it, it is not executed now
        JsonNode resent = submit(Intents.entry("BTC-USDT", 2, 1, 1_500_000, 2L));
        assertThat(resent.get("status").asText()).isEqualTo("REJECTED");
        assertThat(resent.get("duplicate").asBoolean()).isTrue();
        List<ConsumerRecord<String, ExecutionReport>> published = publishedReports(8);
        assertThat(published).hasSize(8);
        assertThat(published).filteredOn(p -> p.value().getIntentId().equals("BTC-USDT:rdn:2"))
                .allSatisfy(p -> assertThat(p.value().getStatus().name()).isEqualTo("REJECTED"));
    }

    @Test
    void maxOrderNotionalRejectsALargeOrderWhateverItsPurpose() throws Exception {
        start(RiskLimits.DEFAULT.withMaxOrderNotional(new BigDecimal("1000")));
        // 5 × 100.0 + 5 × 100.5 = 1002.5 > 1000
        JsonNode big = submit(Intents.entry("BTC-USDT", 1, 5, 1_500_000, 1L));
        assertThat(big.get("status").asText()).isEqualTo("REJECTED");
        assertThat(big.get("reason").asText()).contains("max-order-notional").contains("1002.5");
        JsonNode bigExit = submit(Intents.exit("BTC-USDT", 2, 5, 1_500_000, 1L));
        assertThat(bigExit.get("status").asText()).isEqualTo("REJECTED");
        // 4.9 × 100.0 + 4.9 × 100.5 = 982.45 fits
        assertThat(submit(Intents.entry("BTC-USDT", 3, 4.9, 1_500_000, 3L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(service.ledger().counts().executions()).isEqualTo(1);
        assertThat(positions().get(0).get("fills").asLong()).isEqualTo(1);
    }

    @Test
    void maxInstrumentNotionalCountsTheOpenEntriesOfThatInstrument() throws Exception {
        start(RiskLimits.DEFAULT.withMaxInstrumentNotional(new BigDecimal("1000")));
        // each entry: 2 × 100.0 + 2 × 100.5 = 401
        assertThat(submit(Intents.entry("BTC-USDT", 1, 2, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(submit(Intents.entry("BTC-USDT", 2, 2, 1_500_000, 2L)).get("status").asText()).isEqualTo("FILLED");
        JsonNode third = submit(Intents.entry("BTC-USDT", 3, 2, 1_500_000, 3L));
        assertThat(third.get("status").asText()).isEqualTo("REJECTED");
        assertThat(third.get("reason").asText()).contains("max-instrument-notional").contains("1203");
        // another instrument has its own budget
        assertThat(submit(Intents.entry("ETH-USDT", 1, 2, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        // an exit frees the budget of the entry it closes
        assertThat(submit(Intents.exit("BTC-USDT", 4, 2, 2_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(submit(Intents.entry("BTC-USDT", 5, 2, 1_500_000, 5L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(service.ledger().find("BTC-USDT:rdn:3").orElseThrow().executions()).isZero();
    }

    @Test
    void maxOpenIntentsLimitsOpenEntriesUntilAnExitClosesOne() throws Exception {
        start(RiskLimits.DEFAULT.withMaxOpenIntents(2));
        assertThat(submit(Intents.entry("BTC-USDT", 1, 0.1, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(submit(Intents.entry("ETH-USDT", 1, 0.1, 1_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        JsonNode before = positions();
        JsonNode third = submit(Intents.entry("BTC-USDT", 2, 0.1, 1_500_000, 2L));
        assertThat(third.get("status").asText()).isEqualTo("REJECTED");
        assertThat(third.get("reason").asText()).contains("max-open-intents");
        assertThat(positions()).isEqualTo(before);
        assertThat(submit(Intents.exit("BTC-USDT", 3, 0.1, 2_500_000, 1L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(submit(Intents.entry("BTC-USDT", 4, 0.1, 2_500_000, 4L)).get("status").asText()).isEqualTo("FILLED");
        assertThat(call("GET", "/metrics", null, "Bearer " + TOKEN).body())
                .contains("spreadflow_execution_intents_rejected_total{rule=\"max_open_intents\"} 1.0")
                .contains("spreadflow_execution_open_intents 2.0");
    }
}
