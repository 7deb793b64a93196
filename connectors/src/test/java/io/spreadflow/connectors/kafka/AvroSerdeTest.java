package io.spreadflow.connectors.kafka;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import io.spreadflow.schemas.CatalogueEntry;
import io.spreadflow.schemas.SchemaCatalogue;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSerdeTest {

    static final BookTicker TICK = EmbeddedKafkaITCase.tick(1_712_000_000_000_000L);

    @Test
    void roundTripsEveryRecordType() {
        Signal signal = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("rdn").setEventTsUs(5).setSequence(1)
                .setKind(SignalKind.ENTER).setReason("SPREAD").setSpreadPct(-2.7).setIndicators(Map.of("vol", 0.4)).build();
        OrderIntent intent = OrderIntent.newBuilder().setIntentId("BTC-USDT:rdn:1").setInstrument("BTC-USDT").setStrategyId("rdn")
                .setSequence(1).setPurpose(IntentPurpose.ENTRY).setEventTsUs(5).setReason("ENTER")
                .setLegs(List.of(OrderLeg.newBuilder().setVenue("synth-spot").setSide(Side.BUY).setQuantity(0.1).build()))
                .build();
        ExecutionReport report = ExecutionReport.newBuilder().setIntentId("BTC-USDT:rdn:1").setInstrument("BTC-USDT").setLegIndex(0)
                .setVenue("synth-spot").setSide(Side.BUY).setStatus(ExecutionStatus.FILLED).setFilledQty(0.1).setAvgPrice(28_000.0)
                .setIntentEventTsUs(5).build();
        DeadLetter dl = DeadLetter.newBuilder().setSource("f.csv").setOffset(3L).setRaw(ByteBuffer.wrap("x,y".getBytes(StandardCharsets.UTF_8)))
                .setRawText("x,y").setReason("expected 7 fields, found 2").build();

        assertThat(roundTrip(AvroSerde.bookTicker(), TICK)).isEqualTo(TICK);
        assertThat(roundTrip(AvroSerde.signal(), signal)).isEqualTo(signal);
        assertThat(roundTrip(AvroSerde.orderIntent(), intent)).isEqualTo(intent);
        assertThat(roundTrip(AvroSerde.executionReport(), report)).isEqualTo(report);
        assertThat(roundTrip(AvroSerde.deadLetter(), dl)).isEqualTo(dl);
    }

    @Test
    void writesPlainBinaryAvroThatAPlainDatumReaderReads() throws Exception {
        byte[] bytes = AvroSerde.bookTicker().serialize("ticks", TICK);
        // no magic byte, no fingerprint: the first byte is the length of the instrument string (zig-zag 8 → 16)
        assertThat(bytes[0]).isEqualTo((byte) 16);
        BookTicker read = new SpecificDatumReader<>(BookTicker.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        assertThat(read).isEqualTo(TICK);
    }

    @Test
    void nullsPassThroughAndGarbageIsASerializationError() {
        AvroSerde<BookTicker> serde = AvroSerde.bookTicker();
        assertThat(serde.serialize("ticks", null)).isNull();
        assertThat(serde.deserialize("ticks", null)).isNull();
        assertThatThrownBy(() -> serde.deserialize("ticks", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("BookTicker");
        byte[] twice = concat(serde.toBytes(TICK), serde.toBytes(TICK));
        assertThatThrownBy(() -> serde.deserialize("ticks", twice)).isInstanceOf(SerializationException.class);
    }

    @Test
    void nestedClassesAreUsableFromClientProperties() throws Exception {
        @SuppressWarnings("unchecked")
        Serializer<BookTicker> s = (Serializer<BookTicker>) Class.forName(AvroSerde.BookTickers.class.getName())
                .getDeclaredConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Deserializer<BookTicker> d = (Deserializer<BookTicker>) Class.forName(AvroSerde.BookTickers.class.getName())
                .getDeclaredConstructor().newInstance();
        assertThat(d.deserialize("t", s.serialize("t", TICK))).isEqualTo(TICK);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(AvroSerde<T> serde, T value) {
        return serde.deserialize("t", serde.serialize("t", value));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void serializerNamesTheWriterSchemaInHeadersAndKeepsThePlainBinaryValue() {
        AvroSerde<Signal> serde = AvroSerde.signal();
        Signal signal = Signal.newBuilder().setInstrument("BTC-USDT").setStrategyId("rdn").setEventTsUs(5).setSequence(1)
                .setKind(SignalKind.ENTER).setReason("SPREAD").setRunId("run-1").build();
        RecordHeaders headers = new RecordHeaders();

        byte[] value = serde.serialize("signals", headers, signal);

        assertThat(value).as("the value stays plain binary Avro").isEqualTo(serde.toBytes(signal));
        assertThat(new String(headers.lastHeader(SchemaCatalogue.SCHEMA_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("io.spreadflow.schemas.Signal@2");
        assertThat(headers.lastHeader(SchemaCatalogue.FINGERPRINT_HEADER).value())
                .isEqualTo(SchemaCatalogue.shipped().byId("io.spreadflow.schemas.Signal@2").orElseThrow().fingerprintBytes());
        assertThat(serde.deserialize("signals", headers, value)).isEqualTo(signal);
    }

    @Test
    void readsAVersion1RecordWithOrWithoutHeaders() throws Exception {
        CatalogueEntry v1 = SchemaCatalogue.shipped().byId("io.spreadflow.schemas.Signal@1").orElseThrow();
        GenericRecord old = new GenericData.Record(v1.schema());
        old.put("instrument", "ETH-USDT");
        old.put("strategyId", "basis");
        old.put("eventTsUs", 9L);
        old.put("sequence", 3L);
        old.put("kind", new GenericData.EnumSymbol(v1.schema().getField("kind").schema(), "EXIT"));
        old.put("reason", "STOP_LOSS");
        old.put("indicators", Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1.schema()).write(old, encoder);
        encoder.flush();
        RecordHeaders headers = new RecordHeaders();
        headers.add(SchemaCatalogue.SCHEMA_HEADER, v1.id().getBytes(StandardCharsets.UTF_8));
        headers.add(SchemaCatalogue.FINGERPRINT_HEADER, v1.fingerprintBytes());

        for (Signal read : List.of(AvroSerde.signal().deserialize("signals", headers, out.toByteArray()),
                AvroSerde.signal().deserialize("signals", new RecordHeaders(), out.toByteArray()))) {
            assertThat(read.getInstrument()).isEqualTo("ETH-USDT");
            assertThat(read.getKind()).isEqualTo(SignalKind.EXIT);
            assertThat(read.getRunId()).isNull();
        }
    }

    @Test
    void anUnknownFingerprintIsASerializationErrorWithTheReason() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SchemaCatalogue.FINGERPRINT_HEADER, new byte[] {9, 9, 9, 9, 9, 9, 9, 9});

        assertThatThrownBy(() -> AvroSerde.bookTicker().deserialize("ticks", headers, AvroSerde.bookTicker().toBytes(TICK)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown writer schema fingerprint 0909090909090909");
    }
}
