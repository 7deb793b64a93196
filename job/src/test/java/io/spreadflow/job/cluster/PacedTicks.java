package io.spreadflow.job.cluster;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.schemas.BookTicker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A market feed for a live test: publishes ticks at a steady wall-clock rate, each to the job's ticks topic
 * and to the topic the execution service reads its books from, keyed by instrument like the real feed. The
 * books can be held back ({@link #holdBooks()}): intents then wait in the service for their book, in flight.
 * The idempotent producer rides out a broker restart; a record Kafka finally refuses is kept as
 * {@link #failure()}.
 */
final class PacedTicks implements AutoCloseable {

    private final List<BookTicker> ticks;
    private final String ticksTopic;
    private final String booksTopic;
    private final double perSecond;
    private final KafkaProducer<String, BookTicker> producer;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final ArrayDeque<BookTicker> heldBooks = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean holdBooks;
    private volatile int limit;
    private volatile boolean finished;
    private volatile boolean stopped;

    /** Publishes the first {@code limit} ticks at {@code perSecond}, the rest after {@link #publishAll()}. */
    PacedTicks(String bootstrap, List<BookTicker> ticks, String ticksTopic, String booksTopic, double perSecond, int limit) {
        this.limit = limit;
        this.ticks = List.copyOf(ticks);
        this.ticksTopic = ticksTopic;
        this.booksTopic = booksTopic;
        this.perSecond = perSecond;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                // a broker restart takes seconds: records wait in the producer rather than fail
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000),
                new StringSerializer(), AvroSerde.bookTicker());
        this.thread = new Thread(this::run, "paced-ticks");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** {@code n} more ticks may follow the limit, at the same pace. */
    void raiseLimit(int n) {
        limit = Math.min(ticks.size(), limit + n);
        LockSupport.unpark(thread);
    }

    /** The ticks beyond the limit follow, at the same pace. */
    void publishAll() {
        limit = ticks.size();
        LockSupport.unpark(thread);
    }

    /** Ticks handed to the producer so far. */
    int published() {
        return published.get();
    }

    /** Every tick published to both topics and acknowledged (or refused: see {@link #failure()}). */
    boolean done() {
        return finished;
    }

    /** What Kafka refused, if anything. */
    Exception failure() {
        return failure.get();
    }

    /** From now on the service's books topic gets nothing; the ticks go on. */
    void holdBooks() {
        holdBooks = true;
    }

    /** The books held back are published, and the books follow the ticks again. */
    void releaseBooks() {
        holdBooks = false;
        LockSupport.unpark(thread);
    }

    private void run() {
        long start = System.nanoTime();
        int i = 0;
        while (!stopped && (i < ticks.size() || !heldBooks.isEmpty() || holdBooks)) {
            if (!holdBooks) {
                while (!heldBooks.isEmpty()) send(booksTopic, heldBooks.poll());
            }
            long due = start + (long) (i / perSecond * 1e9);
            long now = System.nanoTime();
            if (i >= limit) {
                // up to the limit (or all out, and held books wait): until told to go on
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                // the rest keeps the pace from where it resumes
                start = System.nanoTime() - (long) (i / perSecond * 1e9);
                continue;
            }
            if (now < due) {
                // the next tick is not due yet: pace on the wall clock
                LockSupport.parkNanos(due - now);
                continue;
            }
            BookTicker t = ticks.get(i++);
            send(ticksTopic, t);
            if (holdBooks) heldBooks.add(t);
            else send(booksTopic, t);
            published.set(i);
        }
        producer.flush();
        finished = !stopped;
    }

    private void send(String topic, BookTicker t) {
        producer.send(new ProducerRecord<>(topic, null, t.getReceiveTsUs() / 1000, t.getInstrument(), t), (meta, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        });
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(30));
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
