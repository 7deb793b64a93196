package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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
import java.util.function.Supplier;

/**
 * Publishes ticks to {@code ticks} keyed by instrument (so every venue's quotes of one instrument
 * share a partition), dead letters to {@code ticks.dlq}, and status changes as JSON to
 * {@code feed.status} keyed by venue. The producer is idempotent ({@code acks=all}): a retried
 * send never duplicates or reorders a partition's ticks.
 *
 * <p>A send that fails (broker gone: its batch expires after {@code delivery.timeout.ms}) is reported
 * to the tick's {@link Delivery} and puts the publisher into an outage: the producer is closed and,
 * after a back-off that doubles from {@code reconnectMin} to {@code reconnectMax}, a new one is made
 * by the next send. Until then every send throws {@link PublishFailed} at once, so the feed counts
 * the tick as not published instead of blocking its network thread. {@link #outageSince()} tells a
 * supervisor how long Kafka has been refusing.
 */
public final class KafkaFeedPublisher implements FeedPublisher {

    /** Topic of {@link FeedStatus} records. */
    public static final String STATUS_TOPIC = Topics.FEED_STATUS.topicName();
    /** How long a tick may wait for the broker: an older quote is worth nothing to a spread. */
    static final int DELIVERY_TIMEOUT_MS = 10_000;
    /** How long a send may wait for metadata of a broker that does not answer. */
    static final int MAX_BLOCK_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFeedPublisher.class);

    /** Thrown by a send during an outage: Kafka refused an earlier record and the producer is being replaced. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final Supplier<Producer<String, byte[]>> producers;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final AvroSerde<BookTicker> ticks = AvroSerde.bookTicker();
    private final AvroSerde<DeadLetter> letters = AvroSerde.deadLetter();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong producersCreated = new AtomicLong();

    // guarded by this
    private Producer<String, byte[]> producer;
    private long nextAttemptNanos;
    /** Number of the current producer; a failure counts against the producer that sent the record. */
    private volatile long epoch;
    // written by producer callbacks, read by senders
    private volatile long failedEpoch = -1;
    private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Exception lastFailure;
    private volatile long outageSinceMs;

    public KafkaFeedPublisher(String bootstrapServers) {
        this(bootstrapServers, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** @param reconnectMin first delay before a new producer after a failure; doubles up to {@code reconnectMax} */
    public KafkaFeedPublisher(String bootstrapServers, Duration reconnectMin, Duration reconnectMax) {
        this(producerProperties(bootstrapServers), reconnectMin, reconnectMax);
    }

    /** With the client properties (security) of {@code kafka}. */
    public KafkaFeedPublisher(KafkaClientSettings kafka, Duration reconnectMin, Duration reconnectMax) {
        this(producerProperties(kafka), reconnectMin, reconnectMax);
    }

    /** With the given producer properties (see {@link #producerProperties}). */
    public KafkaFeedPublisher(Properties producerProperties, Duration reconnectMin, Duration reconnectMax) {
        this(() -> new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer()), reconnectMin, reconnectMax);
    }

    KafkaFeedPublisher(Supplier<Producer<String, byte[]>> producers, Duration reconnectMin, Duration reconnectMax) {
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect delays must be 0 < min <= max, were " + reconnectMin + " and " + reconnectMax);
        }
        this.producers = producers;
        this.reconnectMin = reconnectMin;
        this.reconnectMax = reconnectMax;
        create();
    }

    /** The feed's producer settings: idempotent, acks=all, no linger, and bounded waits for a broker that is gone. */
    public static Properties producerProperties(String bootstrapServers) {
        return producerProperties(KafkaClientSettings.of(bootstrapServers));
    }

    /** The feed's producer settings with the client properties (security) of {@code kafka}. */
    public static Properties producerProperties(KafkaClientSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // ticks are latency-sensitive
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "spreadflow-feed");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS / 2);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        return kafka.producer(p);
    }

    /** Creates the topics the feed writes to, where missing. */
    public static void ensureTopics(String bootstrapServers) {
        ensureTopics(KafkaClientSettings.of(bootstrapServers));
    }

    /** Creates the topics the feed writes to, where missing, with the client properties of {@code kafka}. */
    public static void ensureTopics(KafkaClientSettings kafka) {
        java.util.Map<String, Integer> t = new java.util.LinkedHashMap<>();
        t.put(Topics.TICKS.topicName(), Topics.TICKS.partitions());
        t.put(Topics.TICKS_DLQ.topicName(), Topics.TICKS_DLQ.partitions());
        t.put(STATUS_TOPIC, Topics.FEED_STATUS.partitions());
        Topics.ensureTopics(kafka, t);
    }

    @Override
    public void tick(BookTicker tick) {
        tick(tick, null);
    }

    @Override
    public void tick(BookTicker tick, Delivery delivery) {
        send(new ProducerRecord<>(Topics.TICKS.topicName(), tick.getInstrument().toString(), ticks.toBytes(tick)), delivery);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        send(new ProducerRecord<>(Topics.TICKS_DLQ.topicName(), null, letters.toBytes(letter)), null);
    }

    @Override
    public void status(FeedStatus status) {
        send(new ProducerRecord<>(STATUS_TOPIC, status.venue(), status.toJson().getBytes(StandardCharsets.UTF_8)), null);
    }

    /** Records handed to a producer so far. */
    public long sent() {
        return sent.get();
    }

    /** Records the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Records that failed after being handed over, or could not be handed over during an outage. */
    public long failed() {
        return failed.get();
    }

    /** Producers made so far: 1 plus one per recovery attempt. */
    public long producersCreated() {
        return producersCreated.get();
    }

    /** When the current outage began (epoch ms), or 0 while records are acknowledged. */
    public long outageSince() {
        return outageSinceMs;
    }

    /**
     * Why the feed should give up: Kafka has refused records for longer than {@code max} (a message
     * naming the broker error), or empty while the outage is shorter or there is none.
     */
    public java.util.Optional<String> outageLongerThan(Duration max) {
        long since = outageSinceMs;
        if (since == 0) return java.util.Optional.empty();
        long ms = System.currentTimeMillis() - since;
        if (ms <= max.toMillis()) return java.util.Optional.empty();
        Exception cause = lastFailure;
        return java.util.Optional.of("Kafka has refused ticks for " + ms / 1000 + " s (since " + java.time.Instant.ofEpochMilli(since)
                + "; " + failed.get() + " records not published; last error: " + (cause == null ? "unknown" : cause.getMessage()) + ")");
    }

    /** The failure that began the current outage, or null. */
    public Exception lastFailure() {
        return outageSinceMs == 0 ? null : lastFailure;
    }

    private synchronized void send(ProducerRecord<String, byte[]> r, Delivery delivery) {
        Producer<String, byte[]> p = usableProducer();
        long ep = epoch;
        try {
            p.send(r, (md, e) -> {
                if (e == null) {
                    acknowledged.incrementAndGet();
                    if (ep == epoch && outageSinceMs != 0) {
                        outageSinceMs = 0;
                        attempts.set(0);
                    }
                    if (delivery != null) delivery.sent();
                } else {
                    failed(ep, r.topic(), e);
                    if (delivery != null) delivery.failed(e);
                }
            });
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            // no metadata within max.block.ms, or a producer in a fatal state
            failed(ep, r.topic(), e);
            throw new PublishFailed("Kafka send to " + r.topic() + " failed: " + e.getMessage(), e);
        }
    }

    /** The producer, replaced after a failure once the back-off allows; throws during the back-off. */
    private Producer<String, byte[]> usableProducer() {
        if (producer != null && failedEpoch != epoch) return producer;
        long now = System.nanoTime();
        if (producer != null) {
            // a failed idempotent producer may hold sequence state the broker no longer knows: start
            // afresh; its unsent records fail now, against its own epoch
            producer.close(Duration.ZERO);
            producer = null;
            backOff(now);
        }
        if (now < nextAttemptNanos) {
            failed.incrementAndGet();
            Exception cause = lastFailure;
            throw new PublishFailed("Kafka unavailable since " + java.time.Instant.ofEpochMilli(outageSinceMs)
                    + (cause == null ? "" : " (" + cause.getMessage() + ")") + "; next attempt in "
                    + Duration.ofNanos(nextAttemptNanos - now).toMillis() + " ms", cause);
        }
        try {
            create();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            backOff(now);
            throw new PublishFailed("cannot create a Kafka producer: " + e.getMessage(), e);
        }
        LOG.info("new Kafka producer after a send failure (attempt {})", attempts.get());
        return producer;
    }

    private void backOff(long now) {
        nextAttemptNanos = now + Math.min(reconnectMax.toNanos(), reconnectMin.toNanos() << Math.min(20, attempts.getAndIncrement()));
    }

    private void failed(long ep, String topic, Exception e) {
        failed.incrementAndGet();
        if (ep != epoch) return; // a replaced producer's leftovers
        if (outageSinceMs == 0) {
            outageSinceMs = System.currentTimeMillis();
            lastFailure = e;
            LOG.error("send to {} failed, replacing the producer with back-off: {}", topic, e.toString());
        }
        failedEpoch = ep;
    }

    private void create() {
        producer = producers.get();
        producersCreated.incrementAndGet();
        epoch++;
    }

    /** Waits for every record handed over so far. */
    public synchronized void flush() {
        if (producer != null) producer.flush();
    }

    @Override
    public synchronized void close() {
        if (producer != null) producer.close(Duration.ofSeconds(10));
        producer = null;
    }
}
