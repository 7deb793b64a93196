package io.spreadflow.job.cluster;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.OrderIntent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What a live test reads of Kafka while processes come and go: a consumer group's committed offsets
 * (the Flink Kafka source commits them when a checkpoint completes), and whole topics at the end. An
 * unreachable broker answers -1 rather than blocking the caller: a wait just goes on.
 */
final class KafkaProgress implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    KafkaProgress(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000));
    }

    /** The sum of {@code group}'s committed offsets on {@code topic}; -1 when the broker does not answer. */
    long committed(String group, String topic) {
        try {
            long sum = 0;
            for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS).entrySet()) {
                if (e.getKey().topic().equals(topic) && e.getValue() != null) sum += e.getValue().offset();
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Records of {@code topic} beyond {@code group}'s committed offsets; -1 when the broker does not answer. */
    long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS).get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Each instrument's ticks on {@code topic}, in partition order. */
    Map<String, List<BookTicker>> ticksByInstrument(String topic) {
        Map<String, List<BookTicker>> out = new TreeMap<>();
        readAll(topic, AvroSerde.bookTicker(), t -> out.computeIfAbsent(t.getInstrument(), k -> new ArrayList<>()).add(t));
        return out;
    }

    /** The distinct intent ids on the audit topic. */
    Set<String> intentIds(String topic) {
        Set<String> ids = new TreeSet<>();
        readAll(topic, AvroSerde.orderIntent(), (OrderIntent i) -> ids.add(i.getIntentId()));
        return ids;
    }

    private <T> void readAll(String topic, Deserializer<T> values, java.util.function.Consumer<T> each) {
        var p = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], T> rec : consumer.poll(Duration.ofMillis(200))) each.accept(rec.value());
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
