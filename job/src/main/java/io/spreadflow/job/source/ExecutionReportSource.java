package io.spreadflow.job.source;

import io.spreadflow.schemas.ExecutionReport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.AvroDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The {@code executions} topic as the job reads it back: binary Avro {@link ExecutionReport}s, keyed
 * by instrument like the ticks, ready to {@code connect} to the tick stream so that
 * {@code InstrumentEngine.onExecution} sees each instrument's fills in the keyed operator.
 *
 * <p>Offsets live in the job's checkpoints, so after a restore the reports and the ticks are read
 * again from the same consistent point. A report can be on the topic twice (the service publishes
 * at least once); the engine treats (intentId, legIndex) as the identity of a fill.
 */
public final class ExecutionReportSource {

    private ExecutionReportSource() {}

    /** A source of every report from the committed offsets (or the earliest, on a first start). */
    public static KafkaSource<ExecutionReport> build(String bootstrap, String topic, String groupId) {
        return KafkaSource.<ExecutionReport>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(AvroDeserializationSchema.forSpecific(ExecutionReport.class))
                .setProperty("fetch.max.wait.ms", "5")
                .build();
    }

    /**
     * The reports as a stream keyed by instrument, for {@code ticksKeyed.connect(reports)}. Reports carry
     * no watermarks: they must not hold back the event time of the ticks they are joined with.
     */
    public static KeyedStream<ExecutionReport, String> keyedByInstrument(StreamExecutionEnvironment env, KafkaSource<ExecutionReport> source) {
        DataStream<ExecutionReport> reports = env.fromSource(source, WatermarkStrategy.noWatermarks(), "executions")
                .uid("executions-source").name("executions (Kafka)");
        return reports.keyBy(ExecutionReport::getInstrument);
    }
}
