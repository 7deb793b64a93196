package io.spreadflow.job;

import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.job.serde.AvroRecordSerializer;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented Flink SQL example ({@code examples/sql/signals.sql}) reads {@code signals} as the job
 * writes it: plain binary Avro through the Kafka connector's {@code 'avro'} format, with a bounded scan.
 */
class SignalsSqlITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    // one cluster for the test, outliving the query, so the result fetch never races its shutdown
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(clusterConfiguration()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** No Kerberos or cloud credentials here: without delegation tokens the cluster does not go looking for any. */
    private static Configuration clusterConfiguration() {
        Configuration conf = new Configuration();
        conf.set(SecurityOptions.DELEGATION_TOKENS_ENABLED, false);
        return conf;
    }

    private static final Path EXAMPLE = Path.of("../examples/sql/signals.sql");

    @Test
    void flinkSqlReadsTheSignalsTheJobWrote() throws Exception {
        KAFKA.createTopics(Map.of("sql-signals", 1));
        Signal enter = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("basis").setEventTsUs(1_000L).setSequence(1)
                .setKind(SignalKind.ENTER).setReason("SPREAD_WIDE").setSpreadPct(0.5).setIndicators(Map.of("z", 2.25))
                .setRunId("live-3").build();
        Signal exit = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("basis").setEventTsUs(2_000L).setSequence(2)
                .setKind(SignalKind.EXIT).setReason("SPREAD_COMPRESSION").setFromState("OPEN").setToState("FLAT")
                .setPositionId(4L).setIndicators(Map.of()).build();
        AvroRecordSerializer<Signal> writer = new AvroRecordSerializer<>("sql-signals", Signal.class, Signal::getInstrument);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(writer.serialize(enter, null, null)).get();
            producer.send(writer.serialize(exit, null, null)).get();
        }

        List<Row> rows = run(Files.readString(EXAMPLE).replace("${topic}", "sql-signals").replace("${bootstrap}", KAFKA.bootstrapServers()));

        assertThat(rows).hasSize(2);
        rows.sort(Comparator.comparing(r -> (String) r.getField("reason"), Comparator.reverseOrder()));
        Row first = rows.get(0);
        assertThat(first.getField("kind")).isEqualTo("ENTER");
        assertThat(first.getField("reason")).isEqualTo("SPREAD_WIDE");
        assertThat(first.getField("spreadPct")).isEqualTo(0.5);
        assertThat(first.getField("z")).isEqualTo(2.25);
        assertThat(first.getField("runId")).isEqualTo("live-3");
        assertThat(first.getField("writerSchema")).isEqualTo("io.spreadflow.schemas.Signal@2");
        Row second = rows.get(1);
        assertThat(second.getField("kind")).isEqualTo("EXIT");
        assertThat(second.getField("spreadPct")).isNull();
        assertThat(second.getField("runId")).isNull();
    }

    /** The append-only rule: a table declared for v1 reads v1 records and v2 records alike. */
    @Test
    void aTableDeclaredForVersion1ReadsNewerRecordsToo() throws Exception {
        KAFKA.createTopics(Map.of("sql-signals-mixed", 1));
        AvroRecordSerializer<Signal> writer = new AvroRecordSerializer<>("sql-signals-mixed", Signal.class, Signal::getInstrument);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("sql-signals-mixed", PythonSignalsConsumerITCase.version1Signal())).get();
            producer.send(writer.serialize(Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("basis").setEventTsUs(3_000L)
                    .setSequence(3).setKind(SignalKind.HALT).setReason("MAX_TIME").setRunId("live-9").build(), null, null)).get();
        }
        String example = Files.readString(EXAMPLE);
        String v1 = example.replaceAll("(?m)^  `runId` .*\\n", "").replace(" `runId`,", "")
                .replace("${topic}", "sql-signals-mixed").replace("${bootstrap}", KAFKA.bootstrapServers());
        assertThat(v1).doesNotContain("runId");

        List<Row> rows = run(v1);

        assertThat(rows).extracting(r -> r.getField("reason"), r -> r.getField("kind"), r -> r.getField("writerSchema"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("STOP_LOSS", "EXIT", null),
                        org.assertj.core.groups.Tuple.tuple("MAX_TIME", "HALT", "io.spreadflow.schemas.Signal@2"));
    }

    /** Runs the statements of a script; the rows of the last, a query. */
    private static List<Row> run(String script) throws Exception {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().build());
        tables.getConfig().set("parallelism.default", "1");
        List<String> statements = Arrays.stream(script.replaceAll("(?m)^--.*$", "").split(";\\s*(\\n|$)"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : statements.subList(0, statements.size() - 1)) tables.executeSql(s).await();
        TableResult result = tables.executeSql(statements.get(statements.size() - 1));
        // the scan is bounded: let the job finish, so that its rows are read from the finished job's result instead of
        // being polled from the collect sink's socket, which the sink closes before the job is seen to have finished
        result.getJobClient().orElseThrow().getJobExecutionResult().get(2, TimeUnit.MINUTES);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
