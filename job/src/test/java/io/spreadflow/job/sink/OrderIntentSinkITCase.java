package io.spreadflow.job.sink;

import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.ledger.LedgerCounts;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink in a real Flink job against a real execution service over HTTP. */
class OrderIntentSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TOKEN = "sink-test-token";

    @TempDir
    Path dir;

    private static OrderIntent intent(String instrument, long seq) {
        return OrderIntent.newBuilder()
                .setIntentId(instrument + ":rdn:" + seq).setInstrument(instrument).setStrategyId("rdn").setSequence(seq)
                // OTHER: a HEDGE must reduce a position, and without books these fill nothing, so open no exposure
                .setPurpose(IntentPurpose.OTHER)
                .setLegs(List.of(OrderLeg.newBuilder().setVenue("binance-spot").setSide(Side.BUY).setQuantity(0.01).setLimitPrice(100.0).build()))
                .setEventTsUs(1_000_000L + seq).setReason("test").build();
    }

    @Test
    void everyIntentReachesTheLedgerOnceEvenWhenSentTwice() throws Exception {
        try (ExecutionService service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN))) {
            List<OrderIntent> intents = new ArrayList<>();
            for (int s = 0; s < 150; s++) intents.add(intent(s % 2 == 0 ? "BTC-USDT" : "ETH-USDT", s));
            // a replay after a restore sends a stretch of intents again
            intents.addAll(intents.subList(40, 120));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            env.setParallelism(2);
            OrderIntentSinkSettings settings = OrderIntentSinkSettings.forService(URI.create(service.baseUrl()), TOKEN).withBatching(20, 1, 5);
            env.fromData(intents).sinkTo(new OrderIntentSink(settings)).uid("order-intent-sink").name("order intents → execution");
            env.execute("order intent sink");
            assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(150, 150, 150));
            assertThat(service.metrics().intentsDuplicate.sum()).isEqualTo(80);
            for (int s = 0; s < 150; s++) {
                assertThat(service.ledger().find(intent(s % 2 == 0 ? "BTC-USDT" : "ETH-USDT", s).getIntentId()).orElseThrow().executions())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void anUnreachableServiceFailsTheJobAfterTheConfiguredTime() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        OrderIntentSinkSettings settings = OrderIntentSinkSettings.forService(URI.create("http://127.0.0.1:" + closedPort), TOKEN)
                .withFailAfter(Duration.ofMillis(800)).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
        env.fromData(List.of(intent("BTC-USDT", 1))).sinkTo(new OrderIntentSink(settings));
        assertThatThrownBy(() -> env.execute("unreachable execution service"))
                .rootCause().hasMessageContaining("failing for").hasMessageContaining("fail-after 800 ms");
    }

    @Test
    void aRefusedTokenFailsTheJobAtOnceWithTheServicesAnswer() throws Exception {
        try (ExecutionService service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN))) {
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.fromData(List.of(intent("BTC-USDT", 1)))
                    .sinkTo(new OrderIntentSink(OrderIntentSinkSettings.forService(URI.create(service.baseUrl()), "wrong-token")));
            assertThatThrownBy(() -> env.execute("wrong token")).rootCause().hasMessageContaining("HTTP 401");
            assertThat(service.ledger().counts()).isEqualTo(new LedgerCounts(0, 0, 0));
        }
    }

    @org.junit.jupiter.api.extension.RegisterExtension
    static final io.spreadflow.connectors.kafka.EmbeddedKafkaExtension KAFKA = new io.spreadflow.connectors.kafka.EmbeddedKafkaExtension();

    @Test
    void anIntentTheServiceRefusesBecomesADeadLetterAndTheOthersInItsBatchGoThrough() throws Exception {
        KAFKA.createTopics(java.util.Map.of("order-intents.dlq", 1, "refused-executions", 1));
        try (ExecutionService service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN))) {
            OrderIntentSinkSettings settings = OrderIntentSinkSettings.forService(URI.create(service.baseUrl()), TOKEN)
                    .withBatching(10, 1, 500).withDeadLetters(KAFKA.bootstrapServers(), "order-intents.dlq")
                    .withRefusalReports("refused-executions", java.util.Map.of());
            // an earlier run's intent under the id the next run uses again (a job started without its state)
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            first.setParallelism(1);
            first.fromData(List.of(intent("BTC-USDT", 1))).sinkTo(new OrderIntentSink(settings));
            first.execute("earlier run");

            OrderIntent conflicting = OrderIntent.newBuilder(intent("BTC-USDT", 1)).setReason("a later run's decision").build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            env.fromData(List.of(intent("ETH-USDT", 1), conflicting, intent("ETH-USDT", 2))).sinkTo(new OrderIntentSink(settings));
            env.execute("later run"); // finishes: a refused intent does not fail the job

            assertThat(service.ledger().counts().intents()).as("the first run's intent and the two new ones").isEqualTo(3);
            assertThat(service.ledger().find(intent("ETH-USDT", 2).getIntentId())).as("sent after the refused one").isPresent();
            var letters = io.spreadflow.connectors.kafka.TopicSnapshot.readAll(KAFKA.bootstrapServers(), "order-intents.dlq",
                    io.spreadflow.connectors.kafka.AvroSerde.deadLetter(), Duration.ofSeconds(30));
            assertThat(letters).singleElement().satisfies(e -> {
                assertThat(e.key()).isEqualTo(conflicting.getIntentId().toString());
                assertThat(e.value().getReason().toString()).contains("HTTP 409").contains("INTENT_CONFLICT");
                assertThat(e.value().getRawText().toString()).contains("a later run's decision");
            });
            // the engine learns of the refusal: each leg of the refused intent reported REJECTED, keyed by instrument
            var reports = io.spreadflow.connectors.kafka.TopicSnapshot.readAll(KAFKA.bootstrapServers(), "refused-executions",
                    io.spreadflow.connectors.kafka.AvroSerde.executionReport(), Duration.ofSeconds(30));
            assertThat(reports).singleElement().satisfies(e -> {
                assertThat(e.key()).isEqualTo("BTC-USDT");
                assertThat(e.value().getIntentId().toString()).isEqualTo(conflicting.getIntentId().toString());
                assertThat(e.value().getLegIndex()).isZero();
                assertThat(e.value().getVenue().toString()).isEqualTo("binance-spot");
                assertThat(e.value().getStatus()).isEqualTo(io.spreadflow.schemas.ExecutionStatus.REJECTED);
                assertThat(e.value().getFilledQty()).isZero();
                assertThat(e.value().getIntentEventTsUs()).isEqualTo(conflicting.getEventTsUs());
                assertThat(e.value().getReason().toString()).startsWith(io.spreadflow.engine.signal.ServiceRefusal.REASON_PREFIX).contains("HTTP 409");
            });
        }
    }
}
