package io.spreadflow.execution.book;

import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the {@code ticks} topic into a {@link QuoteHistory} on its own thread. It reads every
 * partition without a consumer group (the service needs all books, not a share of them), starting
 * {@code replayRecords} before the end of each partition so that a restarted service again holds the
 * books its next intents were decided on. Each tick is decoded with the writer schema its headers name
 * (via the schema catalogue), so older and newer feeds are read alike. Undecodable records, and records
 * naming a schema this release does not know, are counted and skipped: the job's dead-letter topic
 * already reports them.
 */
public final class TickFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TickFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final QuoteHistory books;
    private final ServiceMetrics metrics;
    private final Thread thread;
    private final Map<TopicPartition, Long> endAtStart;
    private volatile boolean running = true;
    private volatile long lastTickAtMs = -1;
    private volatile boolean caughtUp;
    private volatile boolean connected = true;

    public TickFeed(KafkaClientSettings kafka, String topic, int replayRecords, QuoteHistory books, ServiceMetrics metrics) {
        this.books = books;
        this.metrics = metrics;
        Properties p = new Properties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spreadflow-execution-ticks");
        this.consumer = new KafkaConsumer<>(kafka.consumer(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        // the topic may not exist yet when the service starts before any feed: wait for it briefly
        long deadline = System.currentTimeMillis() + 30_000;
        while (parts.isEmpty()) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            if (parts.isEmpty() && System.currentTimeMillis() > deadline) {
                consumer.close();
                throw new IllegalStateException("topic '" + topic + "' not found on " + kafka.bootstrapServers());
            }
        }
        consumer.assign(parts);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        for (TopicPartition tp : parts) consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - replayRecords));
        this.endAtStart = Map.copyOf(end);
        this.thread = new Thread(this::run, "execution-tick-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        AvroSerde<BookTicker> ticks = AvroSerde.bookTicker();
        Metric connections = consumer.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("connection-count") && m.getKey().group().equals("consumer-metrics"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                // the consumer keeps polling a broker that went away without complaint: its open connections tell
                if (connections != null && connections.metricValue() instanceof Number n) connected = n.doubleValue() > 0;
                if (!caughtUp) caughtUp = endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (records.isEmpty()) continue;
                lastTickAtMs = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        if (books.add(ticks.fromRecord(r))) metrics.ticksRead.increment();
                        else metrics.ticksSkipped.increment();
                    } catch (Exception e) {
                        metrics.ticksSkipped.increment();
                    }
                }
                books.signalProgress();
            }
        } catch (WakeupException e) {
            if (running) LOG.error("tick feed woken unexpectedly", e);
        } catch (RuntimeException e) {
            LOG.error("tick feed stopped: books no longer advance", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Whether the reading thread runs; it ends when Kafka fails it in a way it cannot recover from. */
    public boolean alive() {
        return running && thread.isAlive();
    }

    /** Wall-clock time the last ticks arrived, -1 before the first. */
    public long lastTickAtMs() {
        return lastTickAtMs;
    }

    /** Whether the books hold every tick the topic held at start (the replayed history is read). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Whether the consumer holds a connection to a broker. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
