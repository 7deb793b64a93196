package io.spreadflow.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar on a real standalone Flink session cluster: a JobManager and a TaskManager in their own
 * JVMs (Flink runtime only on their class path, as in a distribution's {@code lib/}), the jar uploaded
 * and started through the REST API ({@code /jars/upload}, {@code /jars/:id/run}) with parallelism 2,
 * {@code --bootstrap} and {@code --config} as program arguments, against an embedded Kafka broker. The
 * intents on {@code order-intents} must be, instrument by instrument, what the engine decides for the
 * same ticks.
 *
 * <p>The jar is {@code job/target/spreadflow-job-*-job.jar} when {@code mvn package} left one newer
 * than every compiled class; otherwise (as in {@code mvn test} of a clean checkout) the test packs the
 * same content itself from the compiled classes and the artifacts the shade plugin includes.
 */
class ClusterITCase {

    private static final Duration UP = Duration.ofSeconds(90);

    @Test
    void shadedJobJarRunsOnASessionClusterAndEmitsTheEngineIntents() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "cluster-it").toAbsolutePath();
        TestClassPath classPath = TestClassPath.current();
        Path jar = classPath.jobJar(work, SpreadflowJob.class.getName());

        Path config = Files.writeString(work.resolve("strategy.yaml"), EngineConfigs.demoYaml());
        StrategyConfig strategy = EngineConfigs.load(config);
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 12_000);
        Map<String, List<OrderIntent>> expected = expectedIntents(strategy, ticks);
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();
        assertThat(expectedCount).as("the synthetic market must make the engine trade").isPositive();

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             StandaloneCluster cluster = StandaloneCluster.start(work, classPath.flinkDistribution(), 2, UP)) {
            kafka.createTopics(Map.of("ticks", 2, "signals", 2, "order-intents", 2, "executions", 2, "ticks.dlq", 1));
            try (TickPublisher publisher = new TickPublisher(kafka.bootstrapServers())) {
                for (BookTicker t : ticks) publisher.publish(t);
                publisher.flush();
            }

            SessionClusterClient rest = cluster.client();
            String jarId = rest.uploadJar(jar);
            String job = rest.runJar(jarId, SpreadflowJob.class.getName(), List.of(
                    "--bootstrap", kafka.bootstrapServers(),
                    "--config", config.toString(),
                    "--starting-offsets", "EARLIEST",
                    "--checkpoint-interval", "2 s",
                    "--checkpoint-dir", work.resolve("checkpoints").toUri().toString()), 2);
            try {
                Map<String, List<OrderIntent>> intents = new LinkedHashMap<>();
                try {
                    for (var e : TopicSnapshot.awaitRecords(kafka.bootstrapServers(), "order-intents", AvroSerde.orderIntent(),
                            expectedCount, Duration.ofSeconds(120))) {
                        intents.computeIfAbsent(e.value().getInstrument(), k -> new ArrayList<>()).add(e.value());
                    }
                } catch (IllegalStateException notEnough) {
                    throw new AssertionError("job " + rest.jobState(job) + ": " + notEnough.getMessage() + "\n" + rest.rootException(job)
                            + "\ntaskmanager log:\n" + cluster.logTail("taskmanager", 60), notEnough);
                }
                assertThat(intents).isEqualTo(expected);

                JsonNode details = rest.job(job);
                assertThat(details.path("state").asText()).isEqualTo("RUNNING");
                List<Integer> parallelism = new ArrayList<>();
                details.path("vertices").forEach(v -> parallelism.add(v.path("parallelism").asInt()));
                assertThat(parallelism).as("operator parallelism").isNotEmpty().containsOnly(2);
            } finally {
                rest.cancel(job);
            }
        }
    }

    /** The engine's intents for these ticks, per instrument in order (a live job never reaches the end of input). */
    private static Map<String, List<OrderIntent>> expectedIntents(StrategyConfig config, List<BookTicker> ticks) {
        InstrumentEngine engine = InstrumentEngine.of(config);
        Map<String, InstrumentState> states = new LinkedHashMap<>();
        Map<String, List<OrderIntent>> intents = new LinkedHashMap<>();
        for (BookTicker t : ticks) {
            List<OrderIntent> mine = intents.computeIfAbsent(t.getInstrument(), k -> new ArrayList<>());
            engine.onTick(states.computeIfAbsent(t.getInstrument(), engine::newState), t, new EngineOutput() {
                @Override public void signal(Signal signal) { }
                @Override public void intent(OrderIntent intent) { mine.add(intent); }
                @Override public void execution(ExecutionReport report) { }
                @Override public void trade(Trade trade) { }
                @Override public void rejected(BookTicker tick, String reason) { }
            });
        }
        intents.values().removeIf(List::isEmpty);
        return intents;
    }
}
