package io.spreadflow.job;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.serde.RecordTypes;
import io.spreadflow.job.sink.ExecutionReportSource;
import io.spreadflow.job.serde.TickRecordDeserializer;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;

/**
 * The live job: ticks from Kafka, keyed by instrument through the engine, signals, intents, fills and
 * dead letters back to Kafka. {@link #main} only wires; {@link #defineWorkflow} is the pipeline, which
 * tests run with bounded sources and collecting sinks.
 *
 * <p>Program arguments: {@code --bootstrap host:port --config strategy.yaml} and the other
 * {@link JobOptions}.
 */
public final class SpreadflowJob {

    /** Ticks that could not be decoded. */
    static final OutputTag<DeadLetter> UNDECODABLE = new OutputTag<>("undecodable-ticks", RecordTypes.DEAD_LETTER);

    private SpreadflowJob() {}

    public static void main(String[] args) throws Exception {
        // no System.exit on bad arguments: on a session cluster this main runs inside the JobManager
        Configuration options = JobOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(options));
        defineLiveJob(env, options, EngineConfigs.engineFactory(options));
        env.execute(options.get(JobOptions.JOB_NAME));
    }

    /** The executions topic, read back by the live job (its own consumer group: the ticks group's name + {@code -executions}). */
    public static KafkaSource<ExecutionReport> kafkaExecutions(ReadableConfig options) {
        return ExecutionReportSource.build(options.get(JobOptions.BOOTSTRAP_SERVERS),
                options.get(JobOptions.EXECUTIONS_TOPIC), options.get(JobOptions.GROUP_ID) + "-executions");
    }

    /**
     * The live job on {@code env}. With the execution service configured ({@link JobOptions#EXECUTION_ENDPOINT}):
     * the live loop of {@link #defineLiveWorkflow}, the strategy switched to execution through the service.
     * Without it: ticks from Kafka, the execution service's reports when the strategy is filled by the
     * service, and the Kafka sinks.
     */
    public static void defineLiveJob(StreamExecutionEnvironment env, ReadableConfig options, EngineConfigs.ConfiguredEngine engine) {
        if (options.getOptional(JobOptions.EXECUTION_ENDPOINT).isPresent()) {
            defineLiveWorkflow(env, kafkaTicks(options), kafkaExecutions(options), new LiveEngines.ViaService(engine.config()),
                    JobSinks.live(options));
        } else {
            defineWorkflow(env, kafkaTicks(options), executionReports(env, options, engine.config()), engine, JobSinks.kafka(options));
        }
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
        if (!interval.isZero()) conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        options.getOptional(JobOptions.CHECKPOINT_DIR).ifPresent(d -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, d));
        int parallelism = options.get(JobOptions.PARALLELISM);
        if (parallelism > 0) conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.get(JobOptions.BUFFER_TIMEOUT));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /** The ticks topic as a source of decoded ticks and dead letters. */
    public static KafkaSource<Either<BookTicker, DeadLetter>> kafkaTicks(ReadableConfig options) {
        OffsetsInitializer start = switch (options.get(JobOptions.STARTING_OFFSETS)) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        var builder = KafkaSource.<Either<BookTicker, DeadLetter>>builder()
                .setBootstrapServers(options.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(options.get(JobOptions.TICKS_TOPIC))
                .setGroupId(options.get(JobOptions.GROUP_ID))
                .setStartingOffsets(start)
                .setDeserializer(new TickRecordDeserializer());
        if (options.get(JobOptions.BOUNDED)) builder.setBounded(OffsetsInitializer.latest());
        return builder.build();
    }

    /**
     * The execution service's reports, for a strategy whose fills come from the service (execution mode
     * {@code service}); null when the job fills its own intents.
     */
    public static DataStream<ExecutionReport> executionReports(StreamExecutionEnvironment env, ReadableConfig options, StrategyConfig config) {
        if (config.execution().mode() != StrategyConfig.ExecutionMode.SERVICE) return null;
        // no watermarks: reports must not hold back the event time of the ticks
        return env.fromSource(kafkaExecutions(options), WatermarkStrategy.noWatermarks(), "executions", RecordTypes.EXECUTION_REPORT)
                .uid("executions-source").name("executions");
    }

    /** Event time is the receive time; dead letters carry none and do not move the watermark. */
    public static WatermarkStrategy<Either<BookTicker, DeadLetter>> watermarks(Duration maxOutOfOrderness) {
        return WatermarkStrategy.<Either<BookTicker, DeadLetter>>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((e, recordTs) -> e.isLeft() ? Math.floorDiv(e.left().getReceiveTsUs(), 1000L) : Long.MIN_VALUE);
    }

    /** {@link #defineWorkflow(StreamExecutionEnvironment, Source, DataStream, EngineFactory, JobSinks)} without execution reports. */
    public static void defineWorkflow(StreamExecutionEnvironment env,
                                      Source<Either<BookTicker, DeadLetter>, ?, ?> ticks,
                                      EngineFactory engine,
                                      JobSinks sinks) {
        defineWorkflow(env, ticks, null, engine, sinks);
    }

    /**
     * The pipeline: ticks → event time → undecodable records to the dead letters → key by instrument →
     * engine (with the execution reports of the same instrument, when given) → sinks. Options come from
     * the environment's configuration ({@link JobOptions}).
     *
     * <p>Ticks reach the engine in the order their partition (or split) delivered them: the source keeps
     * split order, and the key-by exchange keeps the order of each sender.
     */
    public static void defineWorkflow(StreamExecutionEnvironment env,
                                      Source<Either<BookTicker, DeadLetter>, ?, ?> ticks,
                                      DataStream<ExecutionReport> executions,
                                      EngineFactory engine,
                                      JobSinks sinks) {
        ReadableConfig options = env.getConfiguration();
        SingleOutputStreamOperator<Either<BookTicker, ExecutionReport>> decoded = env
                .fromSource(ticks, watermarks(options.get(JobOptions.MAX_OUT_OF_ORDERNESS)), "ticks", RecordTypes.DECODED_TICK)
                .uid("ticks-source").name("ticks")
                .process(new DecodeTriage(), RecordTypes.ENGINE_INPUT)
                .uid("tick-triage").name("set aside undecodable ticks");

        DataStream<Either<BookTicker, ExecutionReport>> engineInput = decoded;
        if (executions != null) {
            engineInput = decoded.union(executions
                    .map(r -> Either.<BookTicker, ExecutionReport>Right(r), RecordTypes.ENGINE_INPUT)
                    .uid("executions-as-engine-input").name("execution reports"));
        }

        SingleOutputStreamOperator<Signal> engineOut = engineInput
                .keyBy(new ByInstrument(), org.apache.flink.api.common.typeinfo.Types.STRING)
                .transform("instrument engine", RecordTypes.SIGNAL,
                        new EngineFunction.Operator(new EngineFunction(engine, options.get(JobOptions.TICKS_TOPIC))))
                .uid("instrument-engine");

        sinks.signals().accept(engineOut);
        DataStream<OrderIntent> intents = engineOut.getSideOutput(EngineFunction.INTENTS);
        sinks.intents().accept(intents);
        sinks.executions().accept(engineOut.getSideOutput(EngineFunction.EXECUTIONS));
        sinks.trades().accept(engineOut.getSideOutput(EngineFunction.TRADES));
        sinks.deadLetters().accept(decoded.getSideOutput(UNDECODABLE).union(engineOut.getSideOutput(EngineFunction.REJECTED)));
    }

    /**
     * The live pipeline ({@link #defineLiveWorkflow(StreamExecutionEnvironment, DataStream, DataStream, EngineFactory, JobSinks)})
     * from its two sources: the ticks, and the execution service's reports on {@code executions}.
     */
    public static void defineLiveWorkflow(StreamExecutionEnvironment env,
                                          Source<Either<BookTicker, DeadLetter>, ?, ?> ticks,
                                          Source<ExecutionReport, ?, ?> executions,
                                          EngineFactory engine,
                                          JobSinks sinks) {
        ReadableConfig options = env.getConfiguration();
        DataStream<Either<BookTicker, DeadLetter>> tickStream = env
                .fromSource(ticks, watermarks(options.get(JobOptions.MAX_OUT_OF_ORDERNESS)), "ticks", RecordTypes.DECODED_TICK)
                .uid("ticks-source").name("ticks");
        // reports carry no watermarks: they must not hold back the event time of the ticks
        DataStream<ExecutionReport> reports = env
                .fromSource(executions, WatermarkStrategy.noWatermarks(), "executions", RecordTypes.EXECUTION_REPORT)
                .uid("executions-source").name("executions");
        defineLiveWorkflow(env, tickStream, reports, engine, sinks);
    }

    /**
     * The live pipeline (DESIGN §6): ticks → undecodable records to the dead letters → key by instrument,
     * connected with the execution service's reports keyed the same way → {@link LiveEngineFunction}
     * (the engine with execution through the service) → signals, intents (to the service and the audit
     * topic: {@link JobSinks#intents()}), trades and dead letters. Tests pass bounded or instrumented
     * streams.
     *
     * @param ticks      decoded ticks with event-time timestamps and watermarks
     * @param executions the service's reports, as read back from {@code executions}
     * @param engine     an engine that leaves execution to the service
     */
    public static void defineLiveWorkflow(StreamExecutionEnvironment env,
                                          DataStream<Either<BookTicker, DeadLetter>> ticks,
                                          DataStream<ExecutionReport> executions,
                                          EngineFactory engine,
                                          JobSinks sinks) {
        ReadableConfig options = env.getConfiguration();
        SingleOutputStreamOperator<BookTicker> decoded = ticks
                .process(new LiveTriage(), RecordTypes.BOOK_TICKER)
                .uid("live-tick-triage").name("set aside undecodable ticks");
        SingleOutputStreamOperator<Signal> engineOut = decoded
                .keyBy(BookTicker::getInstrument, org.apache.flink.api.common.typeinfo.Types.STRING)
                .connect(executions.keyBy(ExecutionReport::getInstrument, org.apache.flink.api.common.typeinfo.Types.STRING))
                .transform("instrument engine (execution service)", RecordTypes.SIGNAL,
                        new LiveEngineFunction.Operator(new LiveEngineFunction(engine, options.get(JobOptions.TICKS_TOPIC))))
                .uid("live-instrument-engine");

        sinks.signals().accept(engineOut);
        sinks.intents().accept(engineOut.getSideOutput(EngineFunction.INTENTS));
        sinks.trades().accept(engineOut.getSideOutput(EngineFunction.TRADES));
        sinks.deadLetters().accept(decoded.getSideOutput(UNDECODABLE).union(engineOut.getSideOutput(EngineFunction.REJECTED)));
    }

    /** Passes decoded ticks on and sets aside what could not be decoded. */
    static final class LiveTriage extends ProcessFunction<Either<BookTicker, DeadLetter>, BookTicker> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Either<BookTicker, DeadLetter> in, Context ctx, Collector<BookTicker> out) {
            if (in.isLeft()) out.collect(in.left());
            else ctx.output(UNDECODABLE, in.right());
        }
    }

    /** Passes ticks on towards the engine and sets aside what could not be decoded. */
    static final class DecodeTriage extends ProcessFunction<Either<BookTicker, DeadLetter>, Either<BookTicker, ExecutionReport>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Either<BookTicker, DeadLetter> in, Context ctx, Collector<Either<BookTicker, ExecutionReport>> out) {
            if (in.isLeft()) out.collect(Either.Left(in.left()));
            else ctx.output(UNDECODABLE, in.right());
        }
    }

    /** The instrument of a tick or execution report. */
    static final class ByInstrument implements KeySelector<Either<BookTicker, ExecutionReport>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Either<BookTicker, ExecutionReport> in) {
            return in.isLeft() ? in.left().getInstrument() : in.right().getInstrument();
        }
    }
}
