package io.spreadflow.job.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Writes records as plain binary Avro to one topic, keyed by the instrument so that every record of an
 * instrument lands in one partition and keeps its order. Headers name the writer schema's released version.
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** The Kafka key of a record; null for no key. */
    @FunctionalInterface
    public interface RecordKey<T> extends Serializable {
        String of(T record);
    }

    private final String topic;
    private final AvroBinaryCodec<T> codec;
    private final RecordKey<T> key;

    public AvroRecordSerializer(String topic, Class<T> type, RecordKey<T> key) {
        if (topic == null || topic.isBlank()) throw new IllegalArgumentException("topic name is empty");
        this.topic = topic;
        this.codec = AvroBinaryCodec.of(type);
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.of(element);
        // No record timestamp: the broker stamps append time, so topic retention never sees old event times.
        return new ProducerRecord<>(topic, null, null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(element), codec.headers());
    }
}
