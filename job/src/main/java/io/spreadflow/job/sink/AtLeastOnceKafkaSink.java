package io.spreadflow.job.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes records to Kafka at least once: each record is sent at once, and before every checkpoint
 * barrier passes, the writer waits until the broker acknowledged everything sent so far
 * ({@link SinkWriter#flush}), so a checkpoint never covers a record Kafka does not have. A send that
 * fails fails the job, which restarts from its last checkpoint and sends again; readers dedupe on the
 * records' keys (README, "Operations").
 *
 * <p>This is what the Kafka connector's sink does at {@code AT_LEAST_ONCE}, without its committer: at
 * that guarantee the committer has nothing to commit, yet it re-registers a metric on every checkpoint
 * and so logs a WARN per sink per checkpoint on every TaskManager. {@code EXACTLY_ONCE} needs the
 * connector's transactional sink.
 */
public final class AtLeastOnceKafkaSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final KafkaRecordSerializationSchema<T> serializer;
    private final Properties producerConfig;

    /**
     * @param serializer     the record of each element
     * @param producerConfig the producer's configuration: bootstrap servers and client properties (security);
     *                       acknowledgement by all in-sync replicas and idempotence are set here
     */
    public AtLeastOnceKafkaSink(KafkaRecordSerializationSchema<T> serializer, Properties producerConfig) {
        this.serializer = serializer;
        this.producerConfig = new Properties();
        this.producerConfig.putAll(producerConfig);
        this.producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(serializer, producerConfig, context);
    }

    private static final class Writer<T> implements SinkWriter<T>, KafkaRecordSerializationSchema.KafkaSinkContext {

        private final KafkaRecordSerializationSchema<T> serializer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Counter sent;
        private final int subtask;
        private final int parallelism;
        /** The first send that failed since the last check; set by the producer's I/O thread. */
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Writer(KafkaRecordSerializationSchema<T> serializer, Properties config, WriterInitContext context) {
            this.serializer = serializer;
            this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            this.sent = context.metricGroup().getNumRecordsSendCounter();
            this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
            this.parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        }

        @Override
        public void write(T element, Context context) throws IOException {
            checkFailure();
            ProducerRecord<byte[], byte[]> record = serializer.serialize(element, this, context.timestamp());
            if (record == null) return;
            producer.send(record, (meta, e) -> {
                if (e != null) failure.compareAndSet(null, e);
            });
            sent.inc();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            producer.flush();
            checkFailure();
        }

        private void checkFailure() throws IOException {
            Exception e = failure.get();
            if (e != null) throw new IOException("Kafka refused a record: " + e, e);
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }

        @Override
        public int getParallelInstanceId() {
            return subtask;
        }

        @Override
        public int getNumberOfParallelInstances() {
            return parallelism;
        }

        @Override
        public int[] getPartitionsForTopic(String topic) {
            List<org.apache.kafka.common.PartitionInfo> infos = producer.partitionsFor(topic);
            return infos.stream().mapToInt(org.apache.kafka.common.PartitionInfo::partition).toArray();
        }
    }
}
