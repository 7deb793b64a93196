package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.book.TickFeed;
import io.spreadflow.job.serde.AvroRecordSerializer;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.KafkaTickDeserializer;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.CatalogueEntry;
import io.spreadflow.schemas.Market;
import io.spreadflow.schemas.SchemaCatalogue;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both directions of a schema change through a real broker: records a v1 writer produced are read by
 * the current (v2) job deserializer, the service's tick feed and a plain consumer; records the current
 * writers produce are read by a consumer that only knows v1, taking the writer schema from the headers
 * and the catalogue.
 */
class SchemaEvolutionITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SchemaCatalogue CATALOGUE = SchemaCatalogue.shipped();
    private static final CatalogueEntry TICK_V1 = CATALOGUE.byId("io.spreadflow.schemas.BookTicker@1").orElseThrow();
    private static final CatalogueEntry SIGNAL_V1 = CATALOGUE.byId("io.spreadflow.schemas.Signal@1").orElseThrow();
    private static final long T0 = 1_735_689_600_000_000L;

    @Test
    void recordsOfAVersion1WriterAreReadByTheCurrentJobServiceAndPlainConsumer() throws Exception {
        KAFKA.createTopics(Map.of("evo-v1-ticks", 1, "evo-v1-signals", 1));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // a v1 writer that names its schema, and one from before headers existed
            producer.send(v1Tick(0, 100.0, true)).get();
            producer.send(v1Tick(1, 101.0, false)).get();
            producer.send(v1Tick(2, 102.0, true)).get();
            // a writer of a release this reader does not know
            ProducerRecord<String, byte[]> unknown = v1Tick(3, 103.0, false);
            unknown.headers().add(SchemaCatalogue.FINGERPRINT_HEADER, new byte[] {7, 7, 7, 7, 7, 7, 7, 7});
            producer.send(unknown).get();
            producer.send(new ProducerRecord<>("evo-v1-signals", null, null, "ETH-USDT", v1Signal(), v1Headers(SIGNAL_V1))).get();
        }

        // the job's deserializer, on the records as the Kafka source hands them over
        List<EngineInput> inputs = new ArrayList<>();
        KafkaTickDeserializer job = new KafkaTickDeserializer();
        for (ConsumerRecord<byte[], byte[]> r : readRaw("evo-v1-ticks", 4)) {
            job.deserialize(r, new Collector<>() {
                @Override public void collect(EngineInput record) { inputs.add(record); }
                @Override public void close() { }
            });
        }
        assertThat(inputs).hasSize(4);
        for (int i = 0; i < 3; i++) {
            BookTicker t = inputs.get(i).toBookTicker();
            assertThat(t.getBidPrice()).isEqualTo(100.0 + i);
            assertThat(t.getReceiveTsUs()).isEqualTo(T0 + i);
            assertThat(t.getUpdateId()).isEqualTo(10L + i);
        }
        assertThat(inputs.get(3).isRejected()).isTrue();
        assertThat(inputs.get(3).deadLetter.getReason()).startsWith("unknown writer schema fingerprint 0707070707070707");

        // the service's tick feed: three ticks in the books, the unknown one skipped, the feed still alive
        QuoteHistory books = new QuoteHistory(16);
        ServiceMetrics metrics = new ServiceMetrics();
        try (TickFeed feed = new TickFeed(io.spreadflow.connectors.kafka.KafkaClientSettings.of(KAFKA.bootstrapServers()), "evo-v1-ticks", 100, books, metrics)) {
            io.spreadflow.connectors.testing.Await.until(() -> metrics.ticksRead.sum() + metrics.ticksSkipped.sum() >= 4, TIMEOUT,
                    "four ticks read or skipped by the service's tick feed");
            assertThat(metrics.ticksRead.sum()).isEqualTo(3);
            assertThat(metrics.ticksSkipped.sum()).isEqualTo(1);
            Quote q = books.asOf("BTC-USDT", "binance-spot", T0 + 2);
            assertThat(q.bid()).isEqualTo(102.0);
            assertThat(q.tsUs()).isEqualTo(T0 + 2);
            assertThat(feed.alive()).isTrue();
        }

        // a plain consumer (the CLI's reader) with the catalogue-aware deserializer: the v2 field takes its default
        List<Signal> signals = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "evo-v1-signals", AvroSerde.signal(), TIMEOUT)
                .stream().map(TopicSnapshot.Entry::value).toList();
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.getInstrument()).isEqualTo("ETH-USDT");
            assertThat(s.getKind()).isEqualTo(SignalKind.EXIT);
            assertThat(s.getIndicators()).containsEntry("z", -1.5);
            assertThat(s.getRunId()).isNull();
        });
    }

    @Test
    void recordsOfTheCurrentWritersAreReadByAVersion1Consumer() throws Exception {
        KAFKA.createTopics(Map.of("evo-v2-ticks", 1, "evo-v2-signals", 1));
        BookTicker tick = BookTicker.newBuilder()
                .setInstrument("BTC-USDT").setVenue("gateio-futures").setMarket(Market.PERPETUAL).setVenueSymbol("BTC_USDT")
                .setBidPrice(60_000.5).setBidQty(3.0).setAskPrice(60_000.7).setAskQty(4.0)
                .setReceiveTsUs(T0).setExchangeTsUs(T0 - 900).setUpdateId(77L).setPublishTsUs(T0 + 150).build();
        Properties p = producerProperties();
        try (KafkaProducer<String, BookTicker> producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            producer.send(new ProducerRecord<>("evo-v2-ticks", "BTC-USDT", tick)).get();
        }
        // the job's own signal writer
        Signal signal = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("basis").setEventTsUs(T0).setSequence(4)
                .setKind(SignalKind.ENTER).setReason("SPREAD_WIDE").setSpreadPct(0.42).setRunId("live-7").build();
        ProducerRecord<byte[], byte[]> out = new AvroRecordSerializer<>("evo-v2-signals", Signal.class, Signal::getInstrument)
                .serialize(signal, null, null);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(out).get();
        }

        ConsumerRecord<byte[], byte[]> tickRecord = readRaw("evo-v2-ticks", 1).get(0);
        assertThat(text(tickRecord.headers().lastHeader(SchemaCatalogue.SCHEMA_HEADER))).isEqualTo("io.spreadflow.schemas.BookTicker@2");
        GenericRecord v1Tick = readAsVersion1(tickRecord, TICK_V1.schema());
        assertThat(v1Tick.getSchema()).isEqualTo(TICK_V1.schema());
        assertThat(v1Tick.get("bidPrice")).isEqualTo(60_000.5);
        assertThat(v1Tick.get("market").toString()).isEqualTo("PERPETUAL");
        assertThat(v1Tick.get("exchangeTsUs")).isEqualTo(T0 - 900);
        assertThat(v1Tick.get("updateId")).isEqualTo(77L);
        assertThat(v1Tick.hasField("publishTsUs")).as("a v1 reader has no such field").isFalse();

        ConsumerRecord<byte[], byte[]> signalRecord = readRaw("evo-v2-signals", 1).get(0);
        assertThat(text(signalRecord.headers().lastHeader(SchemaCatalogue.SCHEMA_HEADER))).isEqualTo("io.spreadflow.schemas.Signal@2");
        GenericRecord v1Signal = readAsVersion1(signalRecord, SIGNAL_V1.schema());
        assertThat(v1Signal.get("strategyId").toString()).isEqualTo("basis");
        assertThat(v1Signal.get("spreadPct")).isEqualTo(0.42);
        assertThat(v1Signal.hasField("runId")).isFalse();

        // and the value alone is still the plain binary Avro of the current schema, as Flink SQL's 'avro' format reads it
        GenericRecord plain = new GenericDatumReader<GenericRecord>(Signal.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(signalRecord.value(), null));
        assertThat(plain.get("runId").toString()).isEqualTo("live-7");
    }

    /** What a consumer built against v1 does: the writer schema from the fingerprint header, its own v1 schema to read. */
    private static GenericRecord readAsVersion1(ConsumerRecord<byte[], byte[]> r, Schema v1) throws IOException {
        long fingerprint = ByteBuffer.wrap(r.headers().lastHeader(SchemaCatalogue.FINGERPRINT_HEADER).value())
                .order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = CATALOGUE.byFingerprint(fingerprint).orElseThrow().schema();
        return new GenericDatumReader<GenericRecord>(writer, v1).read(null, DecoderFactory.get().binaryDecoder(r.value(), null));
    }

    private static ProducerRecord<String, byte[]> v1Tick(int i, double bid, boolean withHeaders) throws IOException {
        Schema s = TICK_V1.schema();
        GenericRecord t = new GenericData.Record(s);
        t.put("instrument", "BTC-USDT");
        t.put("venue", "binance-spot");
        t.put("market", new GenericData.EnumSymbol(s.getField("market").schema(), "SPOT"));
        t.put("venueSymbol", "BTCUSDT");
        t.put("bidPrice", bid);
        t.put("bidQty", 1.0);
        t.put("askPrice", bid + 0.1);
        t.put("askQty", 2.0);
        t.put("receiveTsUs", T0 + i);
        t.put("exchangeTsUs", null);
        t.put("updateId", 10L + i);
        return new ProducerRecord<>("evo-v1-ticks", null, null, "BTC-USDT", encode(t), withHeaders ? v1Headers(TICK_V1) : List.of());
    }

    private static byte[] v1Signal() throws IOException {
        Schema s = SIGNAL_V1.schema();
        GenericRecord r = new GenericData.Record(s);
        r.put("instrument", "ETH-USDT");
        r.put("strategyId", "basis");
        r.put("eventTsUs", T0);
        r.put("sequence", 2L);
        r.put("kind", new GenericData.EnumSymbol(s.getField("kind").schema(), "EXIT"));
        r.put("reason", "STOP_LOSS");
        r.put("indicators", Map.of("z", -1.5));
        return encode(r);
    }

    private static List<Header> v1Headers(CatalogueEntry v1) {
        return List.of(new RecordHeader(SchemaCatalogue.SCHEMA_HEADER, v1.id().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(SchemaCatalogue.FINGERPRINT_HEADER, v1.fingerprintBytes()));
    }

    private static byte[] encode(GenericRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(r.getSchema()).write(r, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String text(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            c.seekToBeginning(c.assignment());
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (out.size() < count && System.currentTimeMillis() < deadline) c.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        assertThat(out).hasSize(count);
        return out;
    }

    private static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
    }
}
