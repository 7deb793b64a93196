package io.spreadflow.job.source;

import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.BookTicker;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the binary Avro {@code BookTicker}s of the {@code ticks} topic for every mode (live, replay,
 * backtest). The Kafka offset becomes the tick's sequence, which reproduces the partition order when
 * BATCH mode sorts a key's ticks by record timestamp (every tick of an instrument lives in one
 * partition). A record that does not decode becomes a rejected event naming topic, partition and
 * offset; it never throws, so one bad record cannot stop the feed of every instrument.
 */
public final class KafkaTickDeserializer implements KafkaRecordDeserializationSchema<EngineInput> {

    private static final long serialVersionUID = 1L;

    private final AvroBinaryCodec<BookTicker> codec = AvroBinaryCodec.of(BookTicker.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EngineInput> out) {
        BookTicker t;
        try {
            t = codec.decode(record.value(), record.headers());
        } catch (RuntimeException e) {
            out.collect(EngineInput.rejected(DeadLetters.of(record.topic(), record.partition(), record.offset(), record.value(),
                    e.getMessage() == null ? e.toString() : e.getMessage(), record.timestamp() >= 0 ? record.timestamp() * 1000L : null)));
            return;
        }
        EngineInput in = EngineInput.of(t, record.offset());
        in.partition = record.partition();
        out.collect(in);
    }

    @Override
    public TypeInformation<EngineInput> getProducedType() {
        return EngineInputType.INSTANCE;
    }
}
