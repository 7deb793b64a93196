package io.spreadflow.job.source;

import io.spreadflow.connectors.kafka.KafkaClientSettings;
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
        return build(KafkaClientSettings.of(bootstrap), topic, groupId);
    }

    /** As {@link #build(String, String, String)}, with the client properties of {@code kafka} (security). */
    public static KafkaSource<EngineInput> build(KafkaClientSettings kafka, String topic, String groupId) {
        var builder = KafkaSource.<EngineInput>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaReportDeserializer())
                .setProperty("fetch.max.wait.ms", "5");
        kafka.properties().forEach(builder::setProperty);
        return builder.build();
    }
}
