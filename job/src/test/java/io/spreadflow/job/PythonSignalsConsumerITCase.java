package io.spreadflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.job.serde.AvroRecordSerializer;
import io.spreadflow.schemas.CatalogueEntry;
import io.spreadflow.schemas.SchemaCatalogue;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A new user's Python consumer ({@code examples/consumers/consume_signals.py}, Debian's
 * python3-confluent-kafka and python3-avro) decodes every record of {@code signals}, old and new,
 * with nothing but the catalogue's .avsc files and the headers.
 */
class PythonSignalsConsumerITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Path SCRIPT = Path.of("../examples/consumers/consume_signals.py");
    private static final Path CATALOGUE = Path.of("../schemas/src/main/resources/io/spreadflow/schemas/catalogue");

    @Test
    void pythonReadsVersion1AndVersion2SignalsFromTheCatalogue() throws Exception {
        boolean available = new ProcessBuilder("/usr/bin/python3", "-c", "import avro.io, confluent_kafka").start().waitFor() == 0;
        if (!available && "true".equals(System.getenv("CI"))) throw new AssertionError("python3-avro / python3-confluent-kafka missing: run .ci/install-deps.sh");
        assumeThat(available).as("Debian's python3-avro and python3-confluent-kafka (.ci/install-deps.sh)").isTrue();
        KAFKA.createTopics(Map.of("py-signals", 2));
        Signal current = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("basis").setEventTsUs(1_000L).setSequence(1)
                .setKind(SignalKind.ENTER).setReason("SPREAD_WIDE").setSpreadPct(0.5).setIndicators(Map.of("z", 2.25))
                .setRunId("live-3").build();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new AvroRecordSerializer<>("py-signals", Signal.class, Signal::getInstrument).serialize(current, null, null)).get();
            // a record from before headers: version 1, no headers
            producer.send(new ProducerRecord<>("py-signals", "ETH-USDT".getBytes(StandardCharsets.UTF_8), version1Signal())).get();
        }

        Process python = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), KAFKA.bootstrapServers(), CATALOGUE.toString(),
                "py-signals", "2").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (InputStream in = python.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(python.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = out.lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(records).hasSize(2);
        JsonNode v2 = records.stream().filter(r -> r.get("instrument").asText().equals("BTC-USDT")).findFirst().orElseThrow();
        assertThat(v2.get("runId").asText()).isEqualTo("live-3");
        assertThat(v2.get("kind").asText()).isEqualTo("ENTER");
        assertThat(v2.get("spreadPct").asDouble()).isEqualTo(0.5);
        assertThat(v2.get("indicators").get("z").asDouble()).isEqualTo(2.25);
        JsonNode v1 = records.stream().filter(r -> r.get("instrument").asText().equals("ETH-USDT")).findFirst().orElseThrow();
        assertThat(v1.get("reason").asText()).isEqualTo("STOP_LOSS");
        assertThat(v1.get("runId").isNull()).as("the v2 field's default for a v1 record").isTrue();
    }

    /** A Signal as a v1 writer encodes it: EXIT, STOP_LOSS, on ETH-USDT. */
    static byte[] version1Signal() throws Exception {
        CatalogueEntry v1 = SchemaCatalogue.shipped().byId("io.spreadflow.schemas.Signal@1").orElseThrow();
        Schema s = v1.schema();
        GenericRecord r = new GenericData.Record(s);
        r.put("instrument", "ETH-USDT");
        r.put("strategyId", "basis");
        r.put("eventTsUs", 2_000L);
        r.put("sequence", 9L);
        r.put("kind", new GenericData.EnumSymbol(s.getField("kind").schema(), "EXIT"));
        r.put("reason", "STOP_LOSS");
        r.put("indicators", Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(s).write(r, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
