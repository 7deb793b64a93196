package io.spreadflow.connectors.replay;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes {@link BookTicker}s to a ticks topic, keyed by instrument so that all venues of an
 * instrument share a partition, and {@link DeadLetter}s to its dead-letter topic.
 *
 * <p>The producer is idempotent with {@code acks=all}: retries after a lost acknowledgement neither
 * duplicate nor reorder ticks within a partition. {@code linger.ms=0} sends each tick at once, as
 * the live path's latency needs. The record timestamp is the tick's receive time (ms), so the
 * topic's time index follows event time.
 *
 * <p>Sends are asynchronous; {@link #flush()} waits for every acknowledgement and throws if any
 * send failed, so nothing accepted here is lost silently.
 */
public final class TickPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String dlqTopic;
    private final AvroSerde<BookTicker> ticks = AvroSerde.bookTicker();
    private final AvroSerde<DeadLetter> letters = AvroSerde.deadLetter();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onTick = (md, e) -> acknowledged(e, published);
    private final Callback onLetter = (md, e) -> acknowledged(e, deadLettered);

    /** Publishes to {@code ticks} and {@code ticks.dlq} at {@code bootstrapServers}. */
    public TickPublisher(String bootstrapServers) {
        this(producerProperties(bootstrapServers), Topics.TICKS.topicName(), Topics.TICKS_DLQ.topicName());
    }

    /** Publishes to {@code topic} and {@code dlqTopic} with the given producer properties. */
    public TickPublisher(Properties producerProperties, String topic, String dlqTopic) {
        this.producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.dlqTopic = dlqTopic;
    }

    /** The producer settings of the tick path: idempotent, acks=all, no linger. */
    public static Properties producerProperties(String bootstrapServers) {
        return producerProperties(KafkaClientSettings.of(bootstrapServers));
    }

    /** The producer settings of the tick path, with the client properties (security) of {@code kafka}. */
    public static Properties producerProperties(KafkaClientSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "spreadflow-ticks-" + Long.toHexString(System.nanoTime()));
        return kafka.producer(p);
    }

    public String topic() {
        return topic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    /** Sends one tick (asynchronously), key = instrument, timestamp = receive time in ms. */
    public void publish(BookTicker tick) {
        rethrowFailure();
        long tsMs = Math.floorDiv(tick.getReceiveTsUs(), 1000L);
        producer.send(new ProducerRecord<>(topic, null, tsMs >= 0 ? tsMs : null, tick.getInstrument().toString(),
                ticks.toBytes(tick)), onTick);
    }

    /** Sends one dead letter (asynchronously), key = its source (file or topic). */
    public void deadLetter(DeadLetter letter) {
        rethrowFailure();
        producer.send(new ProducerRecord<>(dlqTopic, letter.getSource().toString(), letters.toBytes(letter)), onLetter);
    }

    /**
     * Waits until every send so far is acknowledged.
     *
     * @throws IllegalStateException if a send failed
     */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    /** Ticks acknowledged by Kafka so far. */
    public long published() {
        return published.get();
    }

    /** Dead letters acknowledged by Kafka so far. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Flushes, then closes the producer. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }

    private void acknowledged(Exception e, AtomicLong counter) {
        if (e == null) counter.incrementAndGet();
        else failure.compareAndSet(null, e);
    }

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException("publishing to " + topic + " failed: " + e.getMessage(), e);
    }
}
