package io.spreadflow.job.source;

import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the binary Avro {@link ExecutionReport}s of the {@code executions} topic into engine inputs,
 * keyed by their instrument. A record that does not decode, or names no instrument, becomes a dead
 * letter naming topic, partition and offset: one bad record must not fail the job on every restart
 * (the restart would read it again) and stop every instrument's fills.
 */
public final class KafkaReportDeserializer implements KafkaRecordDeserializationSchema<EngineInput> {

    private static final long serialVersionUID = 1L;

    private final AvroBinaryCodec<ExecutionReport> codec = AvroBinaryCodec.of(ExecutionReport.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EngineInput> out) {
        ExecutionReport r;
        try {
            r = codec.decode(record.value());
            if (r.getInstrument() == null || r.getInstrument().length() == 0) throw new IllegalArgumentException("report names no instrument");
        } catch (RuntimeException e) {
            out.collect(EngineInput.rejected(DeadLetters.of(record.topic(), record.partition(), record.offset(), record.value(),
                    "not an Avro ExecutionReport: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    record.timestamp() >= 0 ? record.timestamp() * 1000L : null)));
            return;
        }
        out.collect(EngineInput.of(r));
    }

    @Override
    public TypeInformation<EngineInput> getProducedType() {
        return EngineInputType.INSTANCE;
    }
}
