package io.spreadflow.backtest;

import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.JobOptions;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.Workflow;
import io.spreadflow.job.source.KafkaTickDeserializer;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live job's workflow in STREAMING over a stored {@code ticks} topic, and the backtest in BATCH over
 * the same topic, give the same intents and trades, intent for intent (DESIGN §3, Determinism).
 *
 * <p>The topic is tie-heavy: every millisecond holds several ticks per venue and instrument whose prices
 * differ, three instruments share each partition, and the strategy sees every tick, so the order of
 * same-timestamp ticks changes the trades. BATCH sorts each key's input by record timestamp; the input
 * sequence (the Kafka offset) as record timestamp is what keeps the partition order. The negative case
 * runs the same BATCH job with a constant sequence and must give different trades: it shows that the
 * equality is not there by construction.
 */
class LiveVersusBacktestITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final String TOPIC = "ticks-ties";
    private static final int PARALLELISM = 2;
    private static final List<String> INSTRUMENTS = List.of("AAA-USDT", "BBB-USDT", "CCC-USDT", "DDD-USDT");
    private static final long T0 = 1_760_000_000_000_000L;

    /** rdn on every tick with thresholds the generated spreads cross often, zero fees, in-job fills. */
    private static final StrategyConfig CONFIG = new BacktestConfigs(null, "rdn", List.of("entry_spread_threshold=-0.4",
            "exit_spread_threshold=0.2", "stop_loss_threshold=-5", "min_volatility=0", "max_holding_hours=0.01"),
            List.of("mexc-spot"), "gateio-futures", 0, Map.of(), null).build();

    @BeforeAll
    static void publishTieHeavyTopic() {
        KAFKA.createTopics(Map.of(TOPIC, 2));
        Properties p = TickPublisher.producerProperties(KAFKA.bootstrapServers());
        try (TickPublisher publisher = new TickPublisher(p, TOPIC, TOPIC + ".dlq")) {
            for (int ms = 0; ms < 2_000; ms++) {
                long ts = T0 + ms * 1_000L;
                for (String instrument : INSTRUMENTS) {
                    for (String venue : List.of("mexc-spot", "gateio-futures")) {
                        boolean futures = venue.startsWith("gate");
                        for (int k = 0; k < 4; k++) {
                            // the quote that is current after a millisecond depends on the order of its ticks
                            double base = 100 + Math.sin(ms / 37.0 + instrument.hashCode()) * (futures ? 1.0 : 0.2);
                            double price = base + k * 0.05 * (futures ? -1 : 1);
                            publisher.publish(BookTicker.newBuilder().setInstrument(instrument).setVenue(venue)
                                    .setMarket(futures ? Market.PERPETUAL : Market.SPOT).setVenueSymbol(instrument.replace('-', '_'))
                                    .setBidPrice(price).setBidQty(1).setAskPrice(price + 0.01).setAskQty(1)
                                    .setReceiveTsUs(ts).setExchangeTsUs(null).setUpdateId(null).build());
                        }
                    }
                }
            }
            publisher.flush();
        }
    }

    private static BacktestJob.Plan plan() {
        return new BacktestJob.Plan(List.of(CONFIG), new BacktestInput.Topic(TOPIC, KAFKA.bootstrapServers()),
                RuntimeExecutionMode.BATCH, null, null, PARALLELISM, 0);
    }

    /** The live job's workflow: STREAMING, the live Kafka source bounded at the topic's end, in-job fills. */
    private static BacktestResults.SetResults live() throws Exception {
        Configuration options = JobOptions.fromArgs("--bootstrap", KAFKA.bootstrapServers(), "--spreadflow.topic.ticks", TOPIC,
                "--starting-offsets", "EARLIEST", "--bounded", "true", "--group-id", "live-" + System.nanoTime(),
                "--parallelism", Integer.toString(PARALLELISM), "--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        BacktestResults results = new BacktestResults(1);
        LocalResults sink = LocalResults.into(results);
        try {
            Workflow.defineWorkflow(env, Workflow.Ticks.live(SpreadflowJob.kafkaTicks(options), TOPIC), null, EngineFactory.of(CONFIG),
                    events -> events.sinkTo(sink).setParallelism(PARALLELISM));
            env.execute("live workflow over a stored topic");
        } finally {
            sink.close();
        }
        return results.single();
    }

    /** The backtest in BATCH over the topic, its ticks' sequence given by {@code sequence}. */
    private static BacktestResults.SetResults batch(KafkaRecordDeserializationSchema<EngineInput> sequence) throws Exception {
        BacktestJob.Plan plan = plan();
        Workflow.Ticks t = BacktestJob.ticks(plan);
        KafkaSource<EngineInput> source = KafkaSource.<EngineInput>builder().setBootstrapServers(KAFKA.bootstrapServers())
                .setTopics(TOPIC).setGroupId("batch-" + System.nanoTime()).setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest()).setDeserializer(sequence).build();
        Workflow.Ticks ticks = new Workflow.Ticks(source, t.name(), t.keyedBySource(), t.parallelism(), t.fromUs(), t.toUs(),
                t.summaries(), t.spreadSampleUs());
        StreamExecutionEnvironment env = BacktestJob.environment(plan);
        BacktestResults results = new BacktestResults(1);
        LocalResults sink = LocalResults.into(results);
        try {
            Workflow.defineWorkflow(env, ticks, null, EngineFactory.of(CONFIG), events -> events.sinkTo(sink).setParallelism(PARALLELISM));
            env.execute("backtest over the stored topic");
        } finally {
            sink.close();
        }
        return results.single();
    }

    @Test
    @Order(1)
    void theBacktestCommandsJobOverTheTopicGivesTheLiveWorkflowsIntentsAndTrades() throws Exception {
        BacktestResults.SetResults live = live();
        BacktestResults.SetResults batch = BacktestJob.run(plan(), EngineFactory.of(CONFIG)).single();

        assertThat(live.ticks()).as("ticks through the engine").isZero(); // the live workflow keeps no report summaries
        assertThat(batch.ticks()).as("ticks through the backtest").isEqualTo(2_000L * INSTRUMENTS.size() * 2 * 4);
        assertThat(live.intents()).as("the engine must trade for the comparison to mean something").hasSizeGreaterThan(20);
        assertSameDecisions(live, batch);
    }

    @Test
    @Order(2)
    void theInputSequenceIsWhatKeepsThePartitionOrderInBatch() throws Exception {
        BacktestResults.SetResults live = live();
        BacktestResults.SetResults byOffset = batch(new KafkaTickDeserializer());
        assertSameDecisions(live, byOffset);

        // negative case: every tick with the same sequence; BATCH's sort may then reorder same-time ticks
        BacktestResults.SetResults constant = batch(new ConstantSequence());
        assertThat(constant.intents().toString()).as("a constant sequence must change the trades on this input")
                .isNotEqualTo(live.intents().toString());
    }

    private static void assertSameDecisions(BacktestResults.SetResults live, BacktestResults.SetResults batch) {
        assertThat(intentIds(batch.intents())).as("intent ids").containsExactlyElementsOf(intentIds(live.intents()));
        assertSameInOrder("intents, intent for intent", live.intents(), batch.intents());
        assertSameInOrder("fills", live.executions(), batch.executions());
        assertSameInOrder("trades", live.trades(), batch.trades());
    }

    /** Equal lists, reporting the first difference rather than both lists whole. */
    private static <T> void assertSameInOrder(String what, List<T> expected, List<T> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertThat(String.valueOf(actual.get(i))).as("%s: element %d", what, i).isEqualTo(String.valueOf(expected.get(i)));
        }
        assertThat(actual.size()).as("%s: count", what).isEqualTo(expected.size());
    }

    private static List<String> intentIds(List<OrderIntent> intents) {
        List<String> ids = new ArrayList<>();
        for (OrderIntent i : intents) ids.add(i.getIntentId().toString());
        return ids;
    }

    /** The topic's ticks with the sequence replaced by a constant. */
    static final class ConstantSequence implements KafkaRecordDeserializationSchema<EngineInput> {
        private static final long serialVersionUID = 1L;
        private final KafkaTickDeserializer decoder = new KafkaTickDeserializer();

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EngineInput> out) throws IOException {
            decoder.deserialize(record, new Collector<>() {
                @Override public void collect(EngineInput t) { t.seq = 0; out.collect(t); }
                @Override public void close() { }
            });
        }

        @Override
        public TypeInformation<EngineInput> getProducedType() {
            return decoder.getProducedType();
        }
    }
}
