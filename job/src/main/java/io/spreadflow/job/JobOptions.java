package io.spreadflow.job;

import io.spreadflow.connectors.kafka.Topics;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.TextElement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the live job, typed, documented and defaulted in one place. The job jar takes them
 * as program arguments ({@code --bootstrap host:port --config strategy.yaml} or the full key,
 * {@code --spreadflow.kafka.group-id g}); the CLI maps its own flags onto the same options.
 */
public final class JobOptions {

    /** Where ticks are read from at start when the consumer group has no committed offset. */
    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED }

    /** Where the engine's keyed state lives. */
    public enum StateBackend { ROCKSDB, HASHMAP }

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("spreadflow.kafka.bootstrap-servers")
            .stringType().defaultValue(io.spreadflow.connectors.kafka.Topics.DEFAULT_BOOTSTRAP)
            .withDescription("Kafka bootstrap servers of the ticks, signals, order-intents, executions and ticks.dlq topics.");

    public static final ConfigOption<String> KAFKA_CLIENT_CONFIG = ConfigOptions.key("spreadflow.kafka.client-config")
            .stringType().noDefaultValue()
            .withDescription("Kafka client properties file (security.protocol, sasl.*, ssl.*, ...), read where the job is built and "
                    + "applied to every Kafka source, sink and producer of the job; see README 'Kafka security'.");

    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("spreadflow.kafka.group-id")
            .stringType().defaultValue("spreadflow-job")
            .withDescription("Consumer group of the ticks source; offsets are committed on checkpoints.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS = ConfigOptions.key("spreadflow.kafka.starting-offsets")
            .enumType(StartingOffsets.class).defaultValue(StartingOffsets.COMMITTED)
            .withDescription("EARLIEST, LATEST, or COMMITTED (the group's committed offsets, earliest when there are none).");

    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("spreadflow.kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the end offsets the ticks topic has when the job starts (a replay of a stored topic); "
                    + "the end of input then closes every instrument's last bar.");

    public static final ConfigOption<String> TICKS_TOPIC = ConfigOptions.key("spreadflow.topic.ticks")
            .stringType().defaultValue(Topics.TICKS.topicName()).withDescription("Input: BookTicker records, key = instrument.");

    public static final ConfigOption<String> SIGNALS_TOPIC = ConfigOptions.key("spreadflow.topic.signals")
            .stringType().defaultValue(Topics.SIGNALS.topicName()).withDescription("Output: Signal records, key = instrument.");

    public static final ConfigOption<String> INTENTS_TOPIC = ConfigOptions.key("spreadflow.topic.order-intents")
            .stringType().defaultValue(Topics.ORDER_INTENTS.topicName()).withDescription("Output: OrderIntent records (audit copy), key = instrument.");

    public static final ConfigOption<String> EXECUTIONS_TOPIC = ConfigOptions.key("spreadflow.topic.executions")
            .stringType().defaultValue(Topics.EXECUTIONS.topicName())
            .withDescription("ExecutionReport records, key = instrument: the in-job fill model's fills are written here.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("spreadflow.topic.dead-letters")
            .stringType().defaultValue(Topics.TICKS_DLQ.topicName()).withDescription("Output: DeadLetter records for ticks that were not accepted.");

    public static final ConfigOption<String> INTENTS_DLQ_TOPIC = ConfigOptions.key("spreadflow.topic.order-intents-dlq")
            .stringType().defaultValue(io.spreadflow.connectors.kafka.Topics.ORDER_INTENTS_DLQ.topicName())
            .withDescription("Output: DeadLetter records of the intents the execution service refused (4xx), with its answer.");

    public static final ConfigOption<String> EXECUTION_ENDPOINT = ConfigOptions.key("spreadflow.execution.endpoint")
            .stringType().noDefaultValue()
            .withDescription("Base URL of the execution service (e.g. http://127.0.0.1:8470). With it the job runs the live loop: "
                    + "intents go to the service over HTTP (and to the audit topic), the service's reports come back from the executions "
                    + "topic, and the strategy's execution mode is 'service'. Without it a strategy in mode 'service' still reads its "
                    + "fills from the executions topic, and whoever executes its intents must publish them there.");

    public static final ConfigOption<String> EXECUTION_TOKEN = ConfigOptions.key("spreadflow.execution.token")
            .stringType().noDefaultValue()
            .withDescription("Bearer token of the execution service; without it the environment variable SPREADFLOW_EXECUTION_TOKEN.");

    public static final ConfigOption<String> STRATEGY_CONFIG = ConfigOptions.key("spreadflow.config")
            .stringType().noDefaultValue()
            .withDescription("Strategy configuration YAML (read once by the client that builds the job); "
                    + "without it the built-in demo configuration is used.");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("spreadflow.parallelism")
            .intType().defaultValue(-1).withDescription("Job parallelism; -1 keeps the cluster's default.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("spreadflow.checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Checkpoint interval; 0 turns checkpoints off.");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("spreadflow.checkpoint.dir")
            .stringType().noDefaultValue()
            .withDescription("Checkpoint storage URI (file:///..., s3://...); without it the cluster's setting applies.");

    public static final ConfigOption<StateBackend> STATE_BACKEND = ConfigOptions.key("spreadflow.state.backend")
            .enumType(StateBackend.class).defaultValue(StateBackend.ROCKSDB)
            .withDescription("ROCKSDB (state larger than memory, incremental checkpoints) or HASHMAP (heap).");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = ConfigOptions.key("spreadflow.watermark.max-out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How far receive times may run backwards across the venues of one partition. Watermarks only "
                    + "mark the end of input; the engine sees ticks in partition order whatever their times.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("spreadflow.buffer-timeout")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Network buffer flush timeout; 0 sends each record at once (lowest latency).");

    public static final ConfigOption<String> EXECUTION_TOKEN_FILE = ConfigOptions.key("spreadflow.execution.token-file")
            .stringType().noDefaultValue()
            .withDescription("File holding the execution service's bearer token, instead of spreadflow.execution.token"
                    + " (read where the job is built; the service writes one to <data-dir>/api-token when none is configured).");

    public static final ConfigOption<Duration> EXECUTION_FAIL_AFTER = ConfigOptions.key("spreadflow.execution.fail-after")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("An execution service unreachable this long fails the job, which restarts from its checkpoint and sends "
                    + "the intents again (the service acts on each intent id once).");

    public static final ConfigOption<Duration> IDLE_AFTER = ConfigOptions.key("spreadflow.state.idle-after")
            .durationType().defaultValue(Duration.ofHours(24))
            .withDescription("An instrument without a tick for this long (event time) loses its market state (quotes, bar, "
                    + "indicators); its positions, legs and ledger stay, and a signal (IDLE_MARKET_STATE_CLEARED) says so. 0 keeps it.");

    public static final ConfigOption<Integer> HEAP_INSTRUMENTS = ConfigOptions.key("spreadflow.state.heap-instruments")
            .intType().defaultValue(5_000)
            .withDescription("On RocksDB, the most instruments per engine subtask whose states stay on the heap between checkpoints "
                    + "(least recently used out first; an instrument pushed out is written to RocksDB at once and read from there on "
                    + "its next record). Set it at least to the active instruments per subtask; the heap then holds about this many "
                    + "states (see BENCHMARKS.md, 'State size').");

    /** How the audit and output topics are written. */
    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    public static final ConfigOption<Delivery> DELIVERY = ConfigOptions.key("spreadflow.kafka.delivery")
            .enumType(Delivery.class).defaultValue(Delivery.AT_LEAST_ONCE)
            .withDescription("AT_LEAST_ONCE: records are visible at once; after a restore the job may write a record again "
                    + "(signals dedupe on (instrument, strategyId, sequence), intents on intentId, fills on (intentId, legIndex, status, "
                    + "filledQty)). EXACTLY_ONCE: Kafka transactions committed at each checkpoint; readers with "
                    + "isolation.level=read_committed see each record once, but only after the checkpoint that commits it. "
                    + "Intents reach the execution service over HTTP either way, at once.");

    public static final ConfigOption<Integer> RESTART_ATTEMPTS = ConfigOptions.key("spreadflow.restart.attempts")
            .intType().defaultValue(Integer.MAX_VALUE)
            .withDescription("Restarts from the last checkpoint before the job gives up (exponential back-off from 0.5 s to 5 s, "
                    + "reset after 10 minutes without a failure).");

    public static final ConfigOption<Long> RUN_EPOCH = ConfigOptions.key("spreadflow.execution.run-epoch")
            .longType().noDefaultValue()
            .withDescription("Run epoch in the intent ids of instruments whose state starts in this run (BTC-USDT|rdn|EPOCH.SEQ); "
                    + "without it, the time the job is built, in seconds. Instruments restored from a checkpoint or savepoint keep the "
                    + "epoch they had, so replayed intents keep their ids; a job started without state never reuses an earlier run's "
                    + "ids in the service's ledger. Must be > 0.");

    public static final ConfigOption<String> JOB_NAME = ConfigOptions.key("spreadflow.job-name")
            .stringType().defaultValue("spreadflow").withDescription("Name of the Flink job.");

    /** Every option, in the order help lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(BOOTSTRAP_SERVERS, KAFKA_CLIENT_CONFIG, GROUP_ID, STARTING_OFFSETS, BOUNDED, TICKS_TOPIC,
            SIGNALS_TOPIC, INTENTS_TOPIC, EXECUTIONS_TOPIC, DEAD_LETTER_TOPIC, INTENTS_DLQ_TOPIC, EXECUTION_ENDPOINT, EXECUTION_TOKEN, EXECUTION_TOKEN_FILE,
            EXECUTION_FAIL_AFTER, STRATEGY_CONFIG, PARALLELISM, CHECKPOINT_INTERVAL, CHECKPOINT_DIR, STATE_BACKEND, MAX_OUT_OF_ORDERNESS,
            BUFFER_TIMEOUT, DELIVERY, RESTART_ATTEMPTS, IDLE_AFTER, HEAP_INSTRUMENTS, RUN_EPOCH, JOB_NAME);

    /** Short program-argument names of the options used most. */
    public static final Map<String, ConfigOption<?>> ALIASES = aliases();

    private JobOptions() {}

    private static Map<String, ConfigOption<?>> aliases() {
        Map<String, ConfigOption<?>> m = new LinkedHashMap<>();
        m.put("bootstrap", BOOTSTRAP_SERVERS);
        m.put("group-id", GROUP_ID);
        m.put("kafka-config", KAFKA_CLIENT_CONFIG);
        m.put("starting-offsets", STARTING_OFFSETS);
        m.put("bounded", BOUNDED);
        m.put("config", STRATEGY_CONFIG);
        m.put("execution-endpoint", EXECUTION_ENDPOINT);
        m.put("parallelism", PARALLELISM);
        m.put("checkpoint-interval", CHECKPOINT_INTERVAL);
        m.put("checkpoint-dir", CHECKPOINT_DIR);
        m.put("state-backend", STATE_BACKEND);
        m.put("job-name", JOB_NAME);
        m.put("delivery", DELIVERY);
        m.put("execution-url", EXECUTION_ENDPOINT);
        m.put("token-file", EXECUTION_TOKEN_FILE);
        m.put("run-epoch", RUN_EPOCH);
        return m;
    }

    /**
     * Program arguments as a configuration: {@code --alias value}, {@code --full.key value} or
     * {@code --key=value}.
     *
     * @throws IllegalArgumentException naming the argument that is unknown or lacks a value
     */
    public static Configuration fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'; " + usage());
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("argument --" + name + " needs a value");
                value = args[++i];
            }
            ConfigOption<?> option = find(name);
            if (option == null) throw new IllegalArgumentException("unknown argument --" + name + "; " + usage());
            values.put(option.key(), value);
        }
        Configuration conf = Configuration.fromMap(values);
        for (ConfigOption<?> o : ALL) {
            try {
                conf.get(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value for " + o.key() + ": " + e.getMessage(), e);
            }
        }
        return conf;
    }

    /** The job's Kafka: the bootstrap servers with the client properties of {@link #KAFKA_CLIENT_CONFIG}, if any. */
    public static io.spreadflow.connectors.kafka.KafkaClientSettings kafkaClient(org.apache.flink.configuration.ReadableConfig options) {
        return io.spreadflow.connectors.kafka.KafkaClientSettings.load(options.get(BOOTSTRAP_SERVERS),
                options.getOptional(KAFKA_CLIENT_CONFIG).map(java.nio.file.Path::of).orElse(null));
    }

    private static ConfigOption<?> find(String name) {
        ConfigOption<?> alias = ALIASES.get(name);
        if (alias != null) return alias;
        for (ConfigOption<?> o : ALL) if (o.key().equals(name)) return o;
        return null;
    }

    /** The plain text of an option's description (ours carry no formatting). */
    public static String text(ConfigOption<?> option) {
        return option.description().getBlocks().stream()
                .map(b -> b instanceof TextElement t ? t.getFormat() : b.toString())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** One line per option: the key, its short name, default and description. */
    public static String usage() {
        List<String> lines = new ArrayList<>();
        lines.add("options:");
        for (ConfigOption<?> o : ALL) {
            String alias = ALIASES.entrySet().stream().filter(e -> e.getValue() == o).map(e -> " (--" + e.getKey() + ")")
                    .findFirst().orElse("");
            lines.add("  --" + o.key() + alias + (o.hasDefaultValue() ? " [" + o.defaultValue() + "]" : "")
                    + ": " + text(o));
        }
        return String.join(System.lineSeparator(), lines);
    }
}
