package io.spreadflow.job.source;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The {@code executions} topic as the job reads it back: binary Avro {@code ExecutionReport}s as engine
 * inputs ({@link KafkaReportDeserializer}), keyed by instrument like the ticks, so that
 * {@code InstrumentEngine.onExecution} sees each instrument's fills in the keyed operator.
 *
 * <p>Offsets live in the job's checkpoints, so after a restore the reports and the ticks are read
 * again from the same consistent point. A report can be on the topic twice (the service publishes
 * at least once); the engine treats (intentId, legIndex) as the identity of a fill.
 */
public final class ExecutionReportSource {

    private ExecutionReportSource() {}

    /** A source of every report from the committed offsets (or the earliest, on a first start). */
    public static KafkaSource<EngineInput> build(String bootstrap, String topic, String groupId) {
        return KafkaSource.<EngineInput>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaReportDeserializer())
                .setProperty("fetch.max.wait.ms", "5")
                .build();
    }
}
