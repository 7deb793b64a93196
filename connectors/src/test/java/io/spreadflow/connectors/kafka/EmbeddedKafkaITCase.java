package io.spreadflow.connectors.kafka;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaITCase {

    private static final long TS_1970_MS = 1_000L;
    private static final long TS_2023_MS = Instant.parse("2023-04-05T00:00:00Z").toEpochMilli();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // retention runs every 200 ms from the start, so a test can watch it act within seconds
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(EmbeddedKafka.Settings.defaults()
            .with("log.retention.check.interval.ms", "200")
            .with("log.initial.task.delay.ms", "0"));

    @Test
    void keepsRecordsWithOldTimestampsPastRetentionChecks() throws Exception {
        String kept = "old-ticks";
        // control: same broker, same data, but a topic-level 1 s retention, which the checker must enforce
        String expiring = "old-ticks-expiring";
        try (Admin admin = Topics.admin(KAFKA.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(kept, 1, (short) 1),
                    new NewTopic(expiring, 1, (short) 1).configs(Map.of("retention.ms", "1000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        int n = 200;
        try (KafkaProducer<String, BookTicker> producer = producer()) {
            for (int i = 0; i < n; i++) {
                long ts = i % 2 == 0 ? TS_1970_MS + i : TS_2023_MS + i;
                BookTicker t = tick(ts * 1000);
                producer.send(new ProducerRecord<>(kept, null, ts, t.getInstrument().toString(), t));
                producer.send(new ProducerRecord<>(expiring, null, ts, t.getInstrument().toString(), t));
            }
            producer.flush();
        }

        // a retention check has run once the control topic's old data is gone
        TopicPartition control = new TopicPartition(expiring, 0);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long controlStart = 0;
        while (controlStart < n && System.nanoTime() < deadline) {
            controlStart = earliestOffset(control);
        }
        assertThat(controlStart).as("retention of the control topic has run").isEqualTo(n);

        assertThat(earliestOffset(new TopicPartition(kept, 0))).isZero();
        List<TopicSnapshot.Entry<BookTicker>> read = TopicSnapshot.readAll(KAFKA.bootstrapServers(), kept, AvroSerde.bookTicker(), TIMEOUT);
        assertThat(read).hasSize(n);
        assertThat(read).extracting(TopicSnapshot.Entry::timestampMs).contains(TS_1970_MS, TS_2023_MS + 1);
        assertThat(read.get(0).value()).isEqualTo(tick(TS_1970_MS * 1000));
    }

    @Test
    void ensureTopicsCreatesTheProjectTopicsOnceWithTheirPartitionCounts() throws Exception {
        Topics.ensureTopics(KAFKA.bootstrapServers());
        List<String> again = Topics.ensureTopics(KAFKA.bootstrapServers(), Topics.defaults());
        assertThat(again).isEmpty();
        try (Admin admin = Topics.admin(KAFKA.bootstrapServers())) {
            Map<String, TopicDescription> d = admin.describeTopics(Topics.defaults().keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topics t : Topics.values()) {
                assertThat(d.get(t.topicName()).partitions()).as(t.topicName()).hasSize(t.partitions());
            }
        }
        assertThat(Topics.defaults()).containsKeys("ticks", "signals", "order-intents", "executions", "ticks.dlq", "feed.status");
    }

    @Test
    void aGivenDataFolderSurvivesARestartAndATemporaryOneIsDeleted(@TempDir Path dir) throws Exception {
        Path temp;
        try (EmbeddedKafka tmp = EmbeddedKafka.start()) {
            temp = tmp.dataDir();
            assertThat(temp).isDirectory();
        }
        assertThat(temp).doesNotExist();

        Path data = dir.resolve("kafka");
        int port;
        try (EmbeddedKafka first = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(data))) {
            port = first.port();
            first.createTopics(Map.of("persisted", 1));
            try (KafkaProducer<String, BookTicker> p = producer(first.bootstrapServers())) {
                p.send(new ProducerRecord<>("persisted", null, TS_2023_MS, "BTC-USDT", tick(TS_2023_MS * 1000))).get();
            }
        }
        assertThat(Files.list(data)).isNotEmpty();
        try (EmbeddedKafka second = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withDataDir(data))) {
            assertThat(second.port()).isNotZero();
            var read = TopicSnapshot.readAll(second.bootstrapServers(), "persisted", AvroSerde.bookTicker(), TIMEOUT);
            assertThat(read).extracting(TopicSnapshot.Entry::value).containsExactly(tick(TS_2023_MS * 1000));
        }
        assertThat(port).isPositive();
    }

    @Test
    void runsInAChildJvm() throws Exception {
        ChildKafka child;
        try (ChildKafka c = EmbeddedKafka.forkChild(EmbeddedKafka.Settings.defaults())) {
            child = c;
            assertThat(c.pid()).isNotEqualTo(ProcessHandle.current().pid());
            Topics.ensureTopics(c.bootstrapServers(), Map.of("ticks", 2));
            try (KafkaProducer<String, BookTicker> p = producer(c.bootstrapServers())) {
                p.send(new ProducerRecord<>("ticks", "BTC-USDT", tick(TS_2023_MS * 1000))).get();
            }
            var read = TopicSnapshot.awaitRecords(c.bootstrapServers(), "ticks", AvroSerde.bookTicker(), 1, TIMEOUT);
            assertThat(read).extracting(TopicSnapshot.Entry::key).containsExactly("BTC-USDT");
        }
        assertThat(child.isAlive()).isFalse();
    }

    private static long earliestOffset(TopicPartition tp) throws Exception {
        try (Admin admin = Topics.admin(KAFKA.bootstrapServers())) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static KafkaProducer<String, BookTicker> producer() {
        return producer(KAFKA.bootstrapServers());
    }

    private static KafkaProducer<String, BookTicker> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker());
    }

    static BookTicker tick(long tsUs) {
        return BookTicker.newBuilder()
                .setInstrument("BTC-USDT").setVenue("binance-spot").setMarket(Market.SPOT).setVenueSymbol("BTCUSDT")
                .setBidPrice(28_000.5).setBidQty(1.25).setAskPrice(28_000.6).setAskQty(0.5)
                .setReceiveTsUs(tsUs).setExchangeTsUs(null).setUpdateId(7L)
                .build();
    }
}
