package io.spreadflow.job;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.replay.Replay;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input on the live path ends in {@code ticks.dlq} with where it came from and why, and the
 * good ticks after it still produce the engine's output: truncated Avro on the ticks topic (decoded by
 * the job), a crossed book, a negative quantity and a venue the configuration does not name (refused by
 * the engine inside the job), and a non-numeric price in a CSV recording (refused by the replay).
 */
class DeadLetterITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final StrategyConfig CONFIG = EngineConfigs.demo();
    private static final String CSV_HEADER = TickFileReader.CANONICAL_HEADER;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static String csvLine(BookTicker t, String bidPrice) {
        return t.getReceiveTsUs() + "," + t.getVenue() + "," + t.getVenueSymbol() + "," + bidPrice + "," + t.getBidQty() + ","
                + t.getAskPrice() + "," + t.getAskQty();
    }

    @Test
    void malformedTicksLandInTheDeadLettersWithAReasonAndGoodTicksAfterThemStillTrade(@TempDir Path dir) throws Exception {
        KafkaTopics topics = new KafkaTopics(KAFKA.broker(), "dlq", 1);
        List<BookTicker> market = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 9_000);
        int split = 200;
        BookTicker last = market.get(split - 1);
        BookTicker crossed = BookTicker.newBuilder(last).setBidPrice(last.getAskPrice() * 1.01).build();
        BookTicker negativeQty = BookTicker.newBuilder(last).setBidQty(-1.0).build();
        BookTicker unknownVenue = BookTicker.newBuilder(last).setVenue("kraken-spot").build();
        byte[] encoded = AvroBinaryCodec.of(BookTicker.class).encode(last);
        byte[] truncated = Arrays.copyOf(encoded, encoded.length / 2);
        String goodLine = csvLine(last, Double.toString(last.getBidPrice()));
        String badLine = csvLine(last, "abc");
        Path csv = Files.writeString(dir.resolve("recorded.csv"), String.join("\n", CSV_HEADER, goodLine, badLine, goodLine, ""));

        long truncatedOffset;
        try (TickPublisher publisher = topics.publisher();
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(TickPublisher.producerProperties(KAFKA.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            for (BookTicker t : market.subList(0, split)) publisher.publish(t);
            publisher.flush();
            truncatedOffset = raw.send(new ProducerRecord<>(topics.ticks, last.getInstrument().getBytes(StandardCharsets.UTF_8), truncated))
                    .get().offset();
            for (BookTicker t : List.of(crossed, negativeQty, unknownVenue)) publisher.publish(t);
            publisher.flush();
            Replay.Result replayed = Replay.run(List.of(csv), ReplaySpeed.MAX, publisher);
            assertThat(replayed.published()).isEqualTo(2);
            assertThat(replayed.deadLettered()).isEqualTo(1);
            for (BookTicker t : market.subList(split, market.size())) publisher.publish(t);
            publisher.flush();
        }

        Configuration options = topics.options("--bounded", "true", "--parallelism", "1", "--state-backend", "HASHMAP",
                "--checkpoint-interval", "0 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
        SpreadflowJob.defineLiveJob(env, options, EngineFactory.of(CONFIG));
        env.execute("dead letters");

        List<DeadLetter> letters = TopicSnapshot.readAll(KAFKA.bootstrapServers(), topics.deadLetters, AvroSerde.deadLetter(), Duration.ofSeconds(30))
                .stream().map(TopicSnapshot.Entry::value).toList();
        assertThat(letters).hasSize(5);

        DeadLetter undecodable = only(letters, d -> d.getReason().contains("truncated"));
        assertThat(undecodable.getSource()).isEqualTo(topics.ticks);
        assertThat(undecodable.getPartition()).isEqualTo(0);
        assertThat(undecodable.getOffset()).isEqualTo(truncatedOffset);
        assertThat(undecodable.getRaw().array()).isEqualTo(truncated);
        assertThat(undecodable.getReason()).contains("BookTicker");

        for (var rejected : Map.of("CROSSED_BOOK", crossed, "NEGATIVE_QUANTITY", negativeQty, "UNKNOWN_VENUE", unknownVenue).entrySet()) {
            DeadLetter d = only(letters, l -> l.getReason().startsWith(rejected.getKey()));
            assertThat(d.getSource()).isEqualTo(topics.ticks);
            assertThat(AvroBinaryCodec.of(BookTicker.class).decode(d.getRaw().array())).isEqualTo(rejected.getValue());
            assertThat(d.getEventTsUs()).isEqualTo(last.getReceiveTsUs());
            // where the refused tick is on the topic: a record of it can be found and read again
            assertThat(d.getPartition()).as("partition of %s", rejected.getKey()).isNotNull();
            assertThat(d.getOffset()).as("offset of %s", rejected.getKey()).isNotNull();
            var record = TopicSnapshot.readAll(KAFKA.bootstrapServers(), topics.ticks, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    Duration.ofSeconds(30)).stream().filter(en -> en.partition() == d.getPartition() && en.offset() == d.getOffset())
                    .findFirst().orElseThrow();
            assertThat(AvroBinaryCodec.of(BookTicker.class).decode(record.value())).as("the record at that partition and offset")
                    .isEqualTo(rejected.getValue());
        }

        DeadLetter fromFile = only(letters, d -> d.getSource().endsWith("recorded.csv"));
        assertThat(fromFile.getOffset()).as("line number").isEqualTo(3L);
        assertThat(fromFile.getRawText()).isEqualTo(badLine);
        assertThat(fromFile.getReason()).contains("bid_price").contains("abc");

        // what the engine makes of every tick the job could decode, in topic order
        List<BookTicker> decodable = new ArrayList<>(market.subList(0, split));
        decodable.addAll(List.of(crossed, negativeQty, unknownVenue));
        decodable.add(TickFileReader.parseCanonical(goodLine));
        decodable.add(TickFileReader.parseCanonical(goodLine));
        decodable.addAll(market.subList(split, market.size()));
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, decodable, true);
        Map<String, List<OrderIntent>> intents = topics.byInstrument(topics.intents, AvroSerde.orderIntent(), OrderIntent::getInstrument);
        for (var e : expected.entrySet()) {
            assertThat(intents.getOrDefault(e.getKey(), List.of())).as("intents of %s", e.getKey()).containsExactlyElementsOf(e.getValue().intents);
        }
        assertThat(intents.values().stream().flatMap(List::stream).filter(i -> i.getEventTsUs() > last.getReceiveTsUs()))
                .as("intents decided after the malformed input").isNotEmpty();
    }

    private static DeadLetter only(List<DeadLetter> letters, java.util.function.Predicate<DeadLetter> which) {
        List<DeadLetter> found = letters.stream().filter(which).toList();
        assertThat(found).as("dead letters matching in %s", letters).hasSize(1);
        return found.get(0);
    }
}
