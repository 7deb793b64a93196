package io.spreadflow.job;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.serde.AvroRecordSerializer;
import io.spreadflow.job.sink.OrderIntentSink;
import io.spreadflow.job.sink.OrderIntentSinkSettings;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.net.URI;
import java.util.Optional;

import java.util.function.Consumer;
import io.spreadflow.job.serde.RecordTypes;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Where each output of the workflow goes. Production writes Avro to Kafka ({@link #kafka}); tests pass
 * collectors. A consumer that does nothing drops that output.
 */
public record JobSinks(
        Consumer<DataStream<Signal>> signals,
        Consumer<DataStream<OrderIntent>> intents,
        Consumer<DataStream<ExecutionReport>> executions,
        Consumer<DataStream<Trade>> trades,
        Consumer<DataStream<DeadLetter>> deadLetters) implements Consumer<DataStream<EngineEvent>> {

    static final OutputTag<OrderIntent> INTENTS = new OutputTag<>("order-intents", RecordTypes.ORDER_INTENT);
    static final OutputTag<ExecutionReport> EXECUTIONS = new OutputTag<>("executions", RecordTypes.EXECUTION_REPORT);
    static final OutputTag<Trade> TRADES = new OutputTag<>("trades", RecordTypes.TRADE);
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", RecordTypes.DEAD_LETTER);

    /** Routes the workflow's events by kind to the typed sinks. */
    @Override
    public void accept(DataStream<EngineEvent> events) {
        SingleOutputStreamOperator<Signal> routed = events.process(new ByKind(), RecordTypes.SIGNAL)
                .name("outputs by kind").uid("outputs-by-kind");
        signals.accept(routed);
        intents.accept(routed.getSideOutput(INTENTS));
        executions.accept(routed.getSideOutput(EXECUTIONS));
        trades.accept(routed.getSideOutput(TRADES));
        deadLetters.accept(routed.getSideOutput(DEAD_LETTERS));
    }

    /** Signals on the main output, every other kind on its side output; key summaries have no sink here. */
    static final class ByKind extends ProcessFunction<EngineEvent, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(EngineEvent e, Context ctx, Collector<Signal> out) {
            if (e.signal != null) out.collect(e.signal);
            else if (e.intent != null) ctx.output(INTENTS, e.intent);
            else if (e.execution != null) ctx.output(EXECUTIONS, e.execution);
            else if (e.trade != null) ctx.output(TRADES, e.trade);
            else if (e.deadLetter != null) ctx.output(DEAD_LETTERS, e.deadLetter);
        }
    }

    /** Drops every output; start from here and replace what a test looks at. */
    public static JobSinks none() {
        return new JobSinks(s -> { }, s -> { }, s -> { }, s -> { }, s -> { });
    }

    public JobSinks withSignals(Consumer<DataStream<Signal>> c) { return new JobSinks(c, intents, executions, trades, deadLetters); }
    public JobSinks withIntents(Consumer<DataStream<OrderIntent>> c) { return new JobSinks(signals, c, executions, trades, deadLetters); }
    public JobSinks withExecutions(Consumer<DataStream<ExecutionReport>> c) { return new JobSinks(signals, intents, c, trades, deadLetters); }
    public JobSinks withTrades(Consumer<DataStream<Trade>> c) { return new JobSinks(signals, intents, executions, c, deadLetters); }
    public JobSinks withDeadLetters(Consumer<DataStream<DeadLetter>> c) { return new JobSinks(signals, intents, executions, trades, c); }

    /**
     * The live outputs: signals, the audit copy of intents, the in-job fills and dead letters to their
     * topics, keyed by instrument, and the intents to the execution service when one is configured. The topics are
     * written as {@link JobOptions#DELIVERY} says: at least once by default (a restart may repeat records; each carries
     * its dedupe key), or exactly once through Kafka transactions committed at checkpoints. The intents reach the
     * service at once either way: an order must not wait for a checkpoint. Trades have no topic; they are derived
     * again from the fills.
     */
    public static JobSinks kafka(ReadableConfig options) {
        return new JobSinks(
                s -> s.sinkTo(sink(options, new AvroRecordSerializer<>(options.get(JobOptions.SIGNALS_TOPIC), Signal.class, Signal::getInstrument), "signals"))
                        .uid("signals-sink").name("signals → Kafka"),
                s -> {
                    s.sinkTo(sink(options, new AvroRecordSerializer<>(options.get(JobOptions.INTENTS_TOPIC), OrderIntent.class, OrderIntent::getInstrument), "order-intents"))
                            .uid("order-intents-sink").name("order-intents → Kafka");
                    executionService(options).ifPresent(settings -> s.sinkTo(new OrderIntentSink(settings))
                            .uid("order-intent-service-sink").name("order intents → execution service"));
                },
                s -> s.sinkTo(sink(options, new AvroRecordSerializer<>(options.get(JobOptions.EXECUTIONS_TOPIC), ExecutionReport.class, ExecutionReport::getInstrument), "executions"))
                        .uid("executions-sink").name("executions → Kafka"),
                s -> { },
                s -> s.sinkTo(sink(options, new AvroRecordSerializer<>(options.get(JobOptions.DEAD_LETTER_TOPIC), DeadLetter.class, DeadLetter::getSource), "dead-letters"))
                        .uid("dead-letters-sink").name("ticks.dlq → Kafka"));
    }

    /**
     * The live loop's outputs: as {@link #kafka} with the execution service configured (each intent goes to
     * the service as well as to the audit topic), except that nothing is written to {@code executions},
     * which belongs to the service (the job reads it back).
     *
     * @throws IllegalArgumentException when {@link JobOptions#EXECUTION_ENDPOINT} is not set
     */
    public static JobSinks live(ReadableConfig options) {
        if (executionService(options).isEmpty()) {
            throw new IllegalArgumentException("the live loop needs the execution service: set " + JobOptions.EXECUTION_ENDPOINT.key());
        }
        return kafka(options).withExecutions(s -> { });
    }

    /**
     * The execution service the intents go to, when {@link JobOptions#EXECUTION_ENDPOINT} names one: its
     * token from {@link JobOptions#EXECUTION_TOKEN}, else the file {@link JobOptions#EXECUTION_TOKEN_FILE},
     * else the environment variable {@code SPREADFLOW_EXECUTION_TOKEN}.
     */
    public static Optional<OrderIntentSinkSettings> executionService(ReadableConfig options) {
        return options.getOptional(JobOptions.EXECUTION_ENDPOINT).map(endpoint -> {
            String token = options.getOptional(JobOptions.EXECUTION_TOKEN)
                    .or(() -> options.getOptional(JobOptions.EXECUTION_TOKEN_FILE).map(JobSinks::readToken))
                    .orElse(System.getenv("SPREADFLOW_EXECUTION_TOKEN"));
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException(JobOptions.EXECUTION_ENDPOINT.key() + " is set but there is no token: set "
                        + JobOptions.EXECUTION_TOKEN.key() + ", " + JobOptions.EXECUTION_TOKEN_FILE.key() + " or SPREADFLOW_EXECUTION_TOKEN");
            }
            return OrderIntentSinkSettings.forService(URI.create(endpoint), token).withFailAfter(options.get(JobOptions.EXECUTION_FAIL_AFTER))
                    .withDeadLetters(options.get(JobOptions.BOOTSTRAP_SERVERS), options.get(JobOptions.INTENTS_DLQ_TOPIC))
                    .withRefusalReports(options.get(JobOptions.EXECUTIONS_TOPIC), JobOptions.kafkaClient(options).properties());
        });
    }

    private static String readToken(String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + JobOptions.EXECUTION_TOKEN_FILE.key() + "=" + file + ": " + e.getMessage(), e);
        }
    }

    private static <T extends SpecificRecord> org.apache.flink.api.connector.sink2.Sink<T> sink(ReadableConfig options,
                                                                                               AvroRecordSerializer<T> serializer, String name) {
        var kafka = JobOptions.kafkaClient(options);
        java.util.Properties base = new java.util.Properties();
        // an intent waiting for a batch to fill is an order sent late
        base.put("linger.ms", "0");
        if (options.get(JobOptions.DELIVERY) == JobOptions.Delivery.AT_LEAST_ONCE) {
            return new io.spreadflow.job.sink.AtLeastOnceKafkaSink<>(serializer, kafka.producer(base));
        }
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setProperty("linger.ms", "0");
        kafka.properties().forEach(builder::setProperty);
        // one transactional id prefix per job and topic: a restarted job aborts what its predecessor left open
        return builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.get(JobOptions.JOB_NAME).replaceAll("[^A-Za-z0-9._-]", "-") + "-" + name)
                // longer than the checkpoint interval, within the broker's transaction.max.timeout.ms (15 min by default)
                .setProperty("transaction.timeout.ms", Long.toString(java.time.Duration.ofMinutes(10).toMillis()))
                .build();
    }
}
