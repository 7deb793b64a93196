package io.spreadflow.backtest;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.schemas.BookTicker;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Base64;

/**
 * Decodes Avro {@code BookTicker}s of the {@code ticks} topic; the Kafka offset becomes the tick's
 * sequence, which reproduces the partition order in BATCH mode (every tick of an instrument lives in
 * one partition). A record that does not decode becomes a rejected event with topic, partition, offset.
 */
public final class KafkaTickDeserializer implements KafkaRecordDeserializationSchema<TickEvent> {

    private static final long serialVersionUID = 1L;
    private transient AvroSerde<BookTicker> serde;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TickEvent> out) {
        if (serde == null) serde = AvroSerde.bookTicker();
        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
        try {
            BookTicker t = serde.deserialize(record.topic(), record.value());
            if (t == null) throw new IllegalArgumentException("empty record");
            out.collect(TickEvent.of(t, record.offset()));
        } catch (RuntimeException e) {
            byte[] raw = record.value() == null ? new byte[0] : record.value();
            TickEvent bad = TickEvent.rejected(Base64.getEncoder().encodeToString(raw), where, record.offset(),
                    "not an Avro BookTicker: " + e.getMessage());
            out.collect(bad);
        }
    }

    @Override
    public TypeInformation<TickEvent> getProducedType() {
        return TickEventType.INSTANCE;
    }
}
