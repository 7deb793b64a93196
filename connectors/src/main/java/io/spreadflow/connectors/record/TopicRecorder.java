package io.spreadflow.connectors.record;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies a ticks topic into rolling files, so that what Kafka held outlives its retention and can be
 * replayed or backtested later. Reads every partition from the earliest offset, without a consumer
 * group; writes the canonical tick CSV (what {@code TickFileReader} reads) or Avro container files
 * of {@link BookTicker} (which also keep exchange time and update id).
 *
 * <p>A file is written as {@code name.inprogress} and renamed when it is complete (after
 * {@link Settings#rollEvery} records, or when the recorder stops), so a reader never sees half a
 * file. Existing files in the folder are never overwritten: numbering continues after them. A
 * record that does not decode as a {@code BookTicker} goes to {@link Settings#dlqTopic} as a
 * {@link DeadLetter} with its partition and offset.
 */
public final class TopicRecorder {

    /** File format of the recording. */
    public enum Format {
        /** canonical tick CSV */
        CSV("csv"),
        /** Avro container file of BookTicker, deflate-compressed */
        AVRO("avro");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        /** {@code csv} or {@code avro}, any case. */
        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be csv or avro, was '" + s + "'");
            }
        }
    }

    /**
     * What to record and where.
     *
     * @param kafka            Kafka: bootstrap servers and client properties (security)
     * @param topic            the ticks topic to read
     * @param dlqTopic         where records that do not decode go
     * @param outDir           the folder of the files (created if missing)
     * @param format           CSV or Avro
     * @param rollEvery        records per file
     * @param stopAtEnd        stop once the end offsets seen at start are reached, instead of following the topic
     * @param reorderWindow    how far ticks may be out of receive-time order within a partition, and how long
     *                         live ticks are held so that other partitions' earlier ones can go first
     */
    public record Settings(KafkaClientSettings kafka, String topic, String dlqTopic, Path outDir, Format format, long rollEvery,
                           boolean stopAtEnd, Duration reorderWindow) {
        public static final long DEFAULT_ROLL_EVERY = 100_000;
        public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofSeconds(1);

        public Settings(String bootstrapServers, String topic, String dlqTopic, Path outDir, Format format, long rollEvery, boolean stopAtEnd) {
            this(KafkaClientSettings.of(bootstrapServers), topic, dlqTopic, outDir, format, rollEvery, stopAtEnd, DEFAULT_REORDER_WINDOW);
        }

        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        public Settings {
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(dlqTopic, "dlqTopic");
            Objects.requireNonNull(outDir, "outDir");
            Objects.requireNonNull(format, "format");
            if (rollEvery < 1) throw new IllegalArgumentException("roll-every must be ≥ 1, was " + rollEvery);
            Objects.requireNonNull(reorderWindow, "reorderWindow");
            if (reorderWindow.isNegative()) throw new IllegalArgumentException("reorder window must be ≥ 0, was " + reorderWindow);
        }

        /** CSV, 100,000 records a file, following the topic, 1 s reorder window; dead letters to {@code <topic>.dlq}. */
        public static Settings of(String bootstrapServers, String topic, Path outDir) {
            return new Settings(KafkaClientSettings.of(bootstrapServers), topic, topic + ".dlq", outDir, Format.CSV, DEFAULT_ROLL_EVERY, false,
                    DEFAULT_REORDER_WINDOW);
        }

        public Settings withFormat(Format f) {
            return new Settings(kafka, topic, dlqTopic, outDir, f, rollEvery, stopAtEnd, reorderWindow);
        }

        public Settings withRollEvery(long n) {
            return new Settings(kafka, topic, dlqTopic, outDir, format, n, stopAtEnd, reorderWindow);
        }

        public Settings withStopAtEnd(boolean b) {
            return new Settings(kafka, topic, dlqTopic, outDir, format, rollEvery, b, reorderWindow);
        }

        public Settings withReorderWindow(Duration d) {
            return new Settings(kafka, topic, dlqTopic, outDir, format, rollEvery, stopAtEnd, d);
        }

        public Settings withKafka(KafkaClientSettings k) {
            return new Settings(k, topic, dlqTopic, outDir, format, rollEvery, stopAtEnd, reorderWindow);
        }
    }

    /**
     * What a recording run did.
     *
     * @param recorded ticks written to files
     * @param rejected records that did not decode (sent to the dead-letter topic)
     * @param files    the complete files written, in order
     * @param late     ticks written after a later one (they arrived beyond the reorder window)
     */
    public record Result(long recorded, long rejected, List<Path> files, long late) {}

    /** Most ticks held for reordering; beyond it the earliest is written regardless (bounded memory). */
    static final int MAX_REORDER_BUFFER = 200_000;

    static final String IN_PROGRESS = ".inprogress";

    private final Settings settings;
    private final AvroSerde<BookTicker> serde = AvroSerde.bookTicker();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopRequested;
    private volatile long recorded;
    private final Object progress = new Object();
    // used by run() only
    private RollingFile file;
    private int nextIndex;
    private TimeOrderedMerge merge;

    public TopicRecorder(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Records until {@link #stop()} is called (or, with {@code stopAtEnd}, until the end offsets seen at
     * start are reached), then completes the open file.
     */
    public Result run() throws IOException {
        Files.createDirectories(settings.outDir());
        List<Path> files = new ArrayList<>();
        long rejected = 0;
        nextIndex = nextFileIndex();
        KafkaProducer<String, byte[]> dlq = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (stopRequested) return new Result(0, 0, files, 0);
            List<TopicPartition> parts = partitions(c);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = settings.stopAtEnd() ? c.endOffsets(parts) : null;
            merge = new TimeOrderedMerge(parts.stream().map(TopicPartition::partition).toList(), settings.reorderWindow(), MAX_REORDER_BUFFER);
            while (!stopRequested && !(end != null && reached(c, end))) {
                ConsumerRecords<byte[], byte[]> batch;
                try {
                    batch = c.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    BookTicker tick;
                    try {
                        tick = serde.deserialize(r.topic(), r.value());
                        if (tick == null) throw new SerializationException("empty record value");
                    } catch (SerializationException e) {
                        if (dlq == null) dlq = dlqProducer();
                        reject(dlq, r, e.getMessage());
                        rejected++;
                        continue;
                    }
                    merge.add(r.partition(), r.offset(), tick, System.nanoTime());
                }
                merge.release(p -> caughtUp(c, p), System.nanoTime(), t -> write(t, files));
                if (this.file != null) this.file.flush();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
            merge.releaseAll(t -> write(t, files));
        } finally {
            consumer = null;
            try {
                if (file != null) files.add(file.complete());
            } finally {
                if (dlq != null) dlq.close(Duration.ofSeconds(30));
                finished.countDown();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        }
        return new Result(recorded, rejected, files, merge == null ? 0 : merge.late());
    }

    /** Appends a released tick to the open file, rolling to a new one when it is full. */
    private void write(BookTicker tick, List<Path> files) throws IOException {
        if (file == null) file = RollingFile.open(settings, nextIndex++);
        file.write(tick);
        recorded++;
        if (file.rows() >= settings.rollEvery()) {
            files.add(file.complete());
            file = null;
        }
    }

    /** True when the consumer has fetched everything the partition held at its last fetch. */
    private boolean caughtUp(KafkaConsumer<?, ?> c, int partition) {
        java.util.OptionalLong lag = c.currentLag(new TopicPartition(settings.topic(), partition));
        return lag.isPresent() && lag.getAsLong() == 0;
    }

    /** Asks a running {@link #run()} to complete its file and return; safe from any thread (e.g. a shutdown hook). */
    public void stop() {
        stopRequested = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
    }

    /** Waits until {@link #run()} has returned. */
    public void awaitFinished() throws InterruptedException {
        finished.await();
    }

    /**
     * Waits until at least {@code count} ticks are written and flushed, or the timeout passes.
     *
     * @return whether the count was reached
     */
    public boolean awaitRecorded(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long left;
            while (recorded < count && finished.getCount() > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return recorded >= count;
    }

    /** Ticks written so far. */
    public long recorded() {
        return recorded;
    }

    /** The configuration of the recorder's consumer. */
    public Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spreadflow-recorder-" + settings.topic());
        return settings.kafka().consumer(p);
    }

    /** The configuration of the producer of its dead letters. */
    public Properties dlqProducerProperties() {
        return TickPublisher.producerProperties(settings.kafka());
    }

    private KafkaProducer<String, byte[]> dlqProducer() {
        return new KafkaProducer<>(dlqProducerProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the dead letter and waits for it: a recorder that skips a record must have put it somewhere. */
    private void reject(KafkaProducer<String, byte[]> dlq, ConsumerRecord<byte[], byte[]> r, String reason) throws IOException {
        try {
            dlq.send(new ProducerRecord<>(settings.dlqTopic(), settings.topic(), AvroSerde.deadLetter().toBytes(deadLetter(r, reason))))
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dead-lettering offset " + r.offset() + " of " + r.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot dead-letter offset " + r.offset() + " of " + r.topic() + " to " + settings.dlqTopic(), e);
        }
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        return DeadLetter.newBuilder()
                .setSource(r.topic())
                .setPartition(r.partition())
                .setOffset(r.offset())
                .setRaw(ByteBuffer.wrap(r.value() == null ? new byte[0] : r.value()))
                .setRawText(null)
                .setReason(reason)
                .setEventTsUs(r.timestamp() >= 0 ? r.timestamp() * 1000 : null)
                .build();
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> c) {
        List<PartitionInfo> infos = c.partitionsFor(settings.topic(), Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + settings.topic() + "' does not exist on " + settings.bootstrapServers());
        }
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo i : infos) parts.add(new TopicPartition(settings.topic(), i.partition()));
        return parts;
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    /** One past the highest index of a recording of this topic already in the folder. */
    private int nextFileIndex() throws IOException {
        Pattern p = Pattern.compile(Pattern.quote(settings.topic()) + "-(\\d+)\\.(csv|avro)(" + Pattern.quote(IN_PROGRESS) + ")?");
        int next = 0;
        try (Stream<Path> s = Files.list(settings.outDir())) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return next;
    }
}
