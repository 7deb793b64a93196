package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.SchemaCatalogue;
import io.spreadflow.schemas.Side;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's topic tally decodes with the header's writer schema and counts, not fails on, records it cannot place. */
class TopicTallyITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void aRecordOfAnUnknownSchemaIsCountedNotFatal() throws Exception {
        KAFKA.createTopics(Map.of("tally-ticks", 1, "tally-signals", 1, "tally-intents", 1, "tally-executions", 1, "tally-dlq", 1));
        OrderIntent intent = OrderIntent.newBuilder().setIntentId("BTC-USDT:rdn:1").setInstrument("BTC-USDT").setStrategyId("rdn")
                .setSequence(1).setPurpose(IntentPurpose.ENTRY).setEventTsUs(5).setReason("ENTER")
                .setLegs(List.of(OrderLeg.newBuilder().setVenue("synth-spot").setSide(Side.BUY).setQuantity(0.1).build())).build();
        AvroSerde<OrderIntent> serde = AvroSerde.orderIntent();
        RecordHeaders unknown = new RecordHeaders();
        unknown.add(SchemaCatalogue.FINGERPRINT_HEADER, new byte[] {5, 5, 5, 5, 5, 5, 5, 5});
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("tally-intents", null, null, "BTC-USDT", serde.toBytes(intent), serde.headers())).get();
            producer.send(new ProducerRecord<>("tally-intents", null, null, "BTC-USDT", serde.toBytes(intent), unknown)).get();
        }

        TopicTally.Counts counts;
        try (TopicTally tally = new TopicTally(KAFKA.bootstrapServers(), "tally-ticks", "tally-signals", "tally-intents",
                "tally-executions", "tally-dlq")) {
            counts = tally.poll(Duration.ofMillis(200));
            long deadline = System.currentTimeMillis() + 30_000;
            while (counts.intents() + counts.undecodable() < 2 && System.currentTimeMillis() < deadline) counts = tally.poll(Duration.ofMillis(200));
        }

        assertThat(counts.intents()).isEqualTo(1);
        assertThat(counts.undecodable()).isEqualTo(1);
        assertThat(counts.line()).endsWith(" undecodable=1");
    }
}
