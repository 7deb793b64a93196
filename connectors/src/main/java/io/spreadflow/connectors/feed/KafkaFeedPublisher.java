package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes ticks to {@code ticks} keyed by instrument (so every venue's quotes of one instrument
 * share a partition), dead letters to {@code ticks.dlq}, and status changes as JSON to
 * {@code feed.status} keyed by venue. The producer is idempotent ({@code acks=all}): a retried
 * send never duplicates or reorders a partition's ticks.
 *
 * <p>Sends are asynchronous; the first send failure is kept and rethrown by the next call, so a
 * broken broker stops the feed instead of losing ticks silently.
 */
public final class KafkaFeedPublisher implements FeedPublisher {

    /** Topic of {@link FeedStatus} records. */
    public static final String STATUS_TOPIC = Topics.FEED_STATUS.topicName();

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFeedPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerde<BookTicker> ticks = AvroSerde.bookTicker();
    private final AvroSerde<DeadLetter> letters = AvroSerde.deadLetter();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    public KafkaFeedPublisher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // ticks are latency-sensitive
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "spreadflow-feed");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the topics the feed writes to, where missing. */
    public static void ensureTopics(String bootstrapServers) {
        java.util.Map<String, Integer> t = new java.util.LinkedHashMap<>();
        t.put(Topics.TICKS.topicName(), Topics.TICKS.partitions());
        t.put(Topics.TICKS_DLQ.topicName(), Topics.TICKS_DLQ.partitions());
        t.put(STATUS_TOPIC, Topics.FEED_STATUS.partitions());
        Topics.ensureTopics(bootstrapServers, t);
    }

    @Override
    public void tick(BookTicker tick) {
        send(new ProducerRecord<>(Topics.TICKS.topicName(), tick.getInstrument().toString(), ticks.toBytes(tick)));
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        send(new ProducerRecord<>(Topics.TICKS_DLQ.topicName(), null, letters.toBytes(letter)));
    }

    @Override
    public void status(FeedStatus status) {
        send(new ProducerRecord<>(STATUS_TOPIC, status.venue(), status.toJson().getBytes(StandardCharsets.UTF_8)));
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    private void send(ProducerRecord<String, byte[]> r) {
        Exception f = failure.get();
        if (f != null) throw new IllegalStateException("Kafka send failed earlier: " + f.getMessage(), f);
        producer.send(r, (md, e) -> {
            if (e != null && failure.compareAndSet(null, e)) LOG.error("send to {} failed: {}", r.topic(), e.toString());
        });
        sent.incrementAndGet();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
