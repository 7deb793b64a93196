package io.spreadflow.connectors.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntPredicate;

/**
 * Reads what a topic holds, from the earliest offset of every partition, without a consumer group:
 * either up to the end offsets seen when the call starts ({@link #readAll}) or until a number of
 * records has arrived ({@link #awaitRecords}). For tests, checks and small audits.
 */
public final class TopicSnapshot {

    private TopicSnapshot() {}

    /** A value with the partition and offset it came from, and the record timestamp. */
    public record Entry<V>(int partition, long offset, long timestampMs, String key, V value) {}

    /**
     * Every record present in {@code topic} when the call starts, partition by partition in offset order.
     *
     * @throws IllegalStateException if they cannot all be read within {@code timeout}
     */
    public static <V> List<Entry<V>> readAll(String bootstrapServers, String topic, Deserializer<V> values, Duration timeout) {
        return readAll(KafkaClientSettings.of(bootstrapServers), topic, values, timeout);
    }

    /** {@link #readAll(String, String, Deserializer, Duration)} with client properties (security). */
    public static <V> List<Entry<V>> readAll(KafkaClientSettings kafka, String topic, Deserializer<V> values, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafka)) {
            List<TopicPartition> parts = partitions(c, topic, timeout);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            return drain(c, topic, values, timeout, r -> false, end);
        }
    }

    /**
     * Reads from the beginning until at least {@code count} records have arrived.
     *
     * @throws IllegalStateException if fewer arrive within {@code timeout}
     */
    public static <V> List<Entry<V>> awaitRecords(String bootstrapServers, String topic, Deserializer<V> values, int count,
                                                  Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(KafkaClientSettings.of(bootstrapServers))) {
            List<TopicPartition> parts = partitions(c, topic, timeout);
            c.assign(parts);
            c.seekToBeginning(parts);
            List<Entry<V>> out = drain(c, topic, values, timeout, got -> got >= count, null);
            if (out.size() < count) {
                throw new IllegalStateException("topic " + topic + ": " + out.size() + " of " + count + " records within " + timeout);
            }
            return out;
        }
    }

    private static <V> List<Entry<V>> drain(KafkaConsumer<byte[], byte[]> c, String topic, Deserializer<V> values,
                                            Duration timeout, IntPredicate enough,
                                            Map<TopicPartition, Long> end) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Entry<V>> out = new ArrayList<>();
        while (true) {
            if (end != null && reached(c, end)) break;
            if (end == null && enough.test(out.size())) break;
            if (System.nanoTime() > deadline) {
                if (end != null) throw new IllegalStateException("topic " + topic + ": not read to its end within " + timeout);
                break;
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                if (end != null) {
                    Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                    if (stop != null && r.offset() >= stop) continue;
                }
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                out.add(new Entry<>(r.partition(), r.offset(), r.timestamp(), key, values.deserialize(topic, r.value())));
            }
        }
        out.sort(Comparator.comparingInt((Entry<V> e) -> e.partition()).thenComparingLong(Entry::offset));
        return out;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic, Duration timeout) {
        List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic + " does not exist");
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo p : infos) parts.add(new TopicPartition(topic, p.partition()));
        return parts;
    }

    static KafkaConsumer<byte[], byte[]> consumer(KafkaClientSettings kafka) {
        return new KafkaConsumer<>(consumerProperties(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Properties consumerProperties(KafkaClientSettings kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return kafka.consumer(p);
    }
}
