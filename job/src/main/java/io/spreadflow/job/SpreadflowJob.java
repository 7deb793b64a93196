package io.spreadflow.job;

import io.spreadflow.job.source.ExecutionReportSource;
import io.spreadflow.job.source.KafkaTickDeserializer;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;

/**
 * The live job: ticks from Kafka, keyed by instrument through the engine, signals, intents, fills and
 * dead letters back to Kafka. {@link #main} only wires; {@link Workflow#defineWorkflow} is the pipeline,
 * which backtests and tests run with bounded sources and collecting sinks.
 *
 * <p>Program arguments: {@code --bootstrap host:port --config strategy.yaml} and the other
 * {@link JobOptions}.
 */
public final class SpreadflowJob {

    private SpreadflowJob() {}

    public static void main(String[] args) throws Exception {
        // no System.exit on bad arguments: on a session cluster this main runs inside the JobManager
        Configuration options = JobOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(options));
        defineLiveJob(env, options, EngineConfigs.engineFactory(options));
        env.execute(options.get(JobOptions.JOB_NAME));
    }

    /**
     * The run epoch of the options, or the current time in seconds: read once where the job graph is built,
     * so every restart of this job (which reuses its graph) keeps it.
     */
    public static long runEpoch(ReadableConfig options) {
        long epoch = options.getOptional(JobOptions.RUN_EPOCH).orElseGet(() -> java.time.Instant.now().getEpochSecond());
        if (epoch <= 0) throw new IllegalArgumentException(JobOptions.RUN_EPOCH.key() + " must be > 0, was " + epoch);
        return epoch;
    }

    /** The executions topic, read back by the live job (its own consumer group: the ticks group's name + {@code -executions}). */
    public static KafkaSource<EngineInput> kafkaExecutions(ReadableConfig options) {
        return ExecutionReportSource.build(JobOptions.kafkaClient(options),
                options.get(JobOptions.EXECUTIONS_TOPIC), options.get(JobOptions.GROUP_ID) + "-executions");
    }

    /**
     * The live job on {@code env}: the one {@link Workflow} with ticks from Kafka and the Kafka sinks.
     * With the execution service configured ({@link JobOptions#EXECUTION_ENDPOINT}) the engines leave
     * execution to it and read its reports back from {@code executions} (the live loop); without it, they
     * read reports back only when their configuration says so ({@code execution.mode: service}), and
     * otherwise fill in the job. Intents that leave the job for execution carry the run epoch
     * ({@link #runEpoch}).
     */
    public static DataStream<EngineEvent> defineLiveJob(StreamExecutionEnvironment env, ReadableConfig options, EngineFactory engines) {
        boolean service = options.getOptional(JobOptions.EXECUTION_ENDPOINT).isPresent();
        EngineFactory e = service ? engines.viaService() : engines;
        if (e.fillsViaService()) e = e.withRunEpoch(runEpoch(options));
        return Workflow.defineWorkflow(env, Workflow.Ticks.live(kafkaTicks(options), options.get(JobOptions.TICKS_TOPIC)),
                e.fillsViaService() ? kafkaExecutions(options) : null, e, service ? JobSinks.live(options) : JobSinks.kafka(options));
    }

    /**
     * The Flink settings the options imply, on top of the options themselves (the workflow reads its
     * own from the environment): state backend, checkpoints, parallelism, buffer timeout, and generic
     * (Kryo) types turned off so that a type without a declared serializer fails at build time.
     */
    public static Configuration flinkConfiguration(ReadableConfig options) {
        Configuration conf = new Configuration();
        for (var o : JobOptions.ALL) {
            options.getOptional(o).ifPresent(v -> conf.setString(o.key(), String.valueOf(v)));
        }
        conf.set(StateBackendOptions.STATE_BACKEND, options.get(JobOptions.STATE_BACKEND) == JobOptions.StateBackend.ROCKSDB ? "rocksdb" : "hashmap");
        Duration interval = options.get(JobOptions.CHECKPOINT_INTERVAL);
        if (!interval.isZero()) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
            // a checkpoint that cannot finish in time is abandoned rather than blocking the next ones; a few in a row
            // fail the job, which restarts from the last good one
            conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(2));
            conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, interval.dividedBy(2));
            conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
            // a cancelled job keeps its last checkpoint, to be started from like a savepoint
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            // RocksDB uploads only the files that changed since the last checkpoint
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            // a restarted task reads its state from the local disk when it comes back on the same TaskManager
            conf.set(org.apache.flink.configuration.StateRecoveryOptions.LOCAL_RECOVERY, true);
        }
        // the job's own restart strategy, not the cluster's default. A live loop must trade again within seconds after
        // each of several crashes in a row (the chaos test kills a TaskManager five times in two minutes): the back-off
        // grows from 0.5 s but stays at most 5 s; a crash loop then restarts from the checkpoint every 5 s
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofMillis(500));
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(5));
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofMinutes(10));
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, options.get(JobOptions.RESTART_ATTEMPTS));
        options.getOptional(JobOptions.CHECKPOINT_DIR).ifPresent(d -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, d));
        int parallelism = options.get(JobOptions.PARALLELISM);
        if (parallelism > 0) conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.get(JobOptions.BUFFER_TIMEOUT));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /** The ticks topic as a source of decoded ticks and dead letters (see {@link KafkaTickDeserializer}). */
    public static KafkaSource<EngineInput> kafkaTicks(ReadableConfig options) {
        OffsetsInitializer start = switch (options.get(JobOptions.STARTING_OFFSETS)) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        return kafkaTicks(JobOptions.kafkaClient(options), options.get(JobOptions.TICKS_TOPIC), options.get(JobOptions.GROUP_ID),
                start, options.get(JobOptions.BOUNDED));
    }

    /** A ticks topic from {@code start}, up to the offsets at start when {@code bounded}, with the client properties of {@code kafka}. */
    public static KafkaSource<EngineInput> kafkaTicks(KafkaClientSettings kafka, String topic, String groupId, OffsetsInitializer start,
                                                      boolean bounded) {
        var builder = KafkaSource.<EngineInput>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new KafkaTickDeserializer());
        kafka.properties().forEach(builder::setProperty);
        if (bounded) builder.setBounded(OffsetsInitializer.latest());
        return builder.build();
    }

    /** A ticks topic from {@code start}, up to the offsets at start when {@code bounded}. */
    public static KafkaSource<EngineInput> kafkaTicks(String bootstrap, String topic, String groupId, OffsetsInitializer start, boolean bounded) {
        return kafkaTicks(KafkaClientSettings.of(bootstrap), topic, groupId, start, bounded);
    }
}
