package io.spreadflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import java.io.ByteArrayOutputStream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every current record schema must read data written with each committed earlier version of it
 * (backward compatibility), so topics and stored files outlive a schema change.
 */
class SchemaCompatibilityTest {

    private static final Path HISTORY = Path.of("src/main/avro-history");

    private static final Map<String, Schema> CURRENT = Map.of(
            "BookTicker", BookTicker.getClassSchema(),
            "Signal", Signal.getClassSchema(),
            "OrderIntent", OrderIntent.getClassSchema(),
            "ExecutionReport", ExecutionReport.getClassSchema(),
            "DeadLetter", DeadLetter.getClassSchema());

    static Stream<Path> frozenSchemas() throws IOException {
        try (Stream<Path> files = Files.walk(HISTORY)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frozenSchemas")
    void currentSchemaReadsDataWrittenWithFrozenVersion(Path frozen) throws IOException {
        Schema writer = new Schema.Parser().parse(frozen.toFile());
        Schema reader = CURRENT.get(writer.getName());
        assertThat(reader).as("a current schema named %s", writer.getName()).isNotNull();

        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType())
                .as("%s: current schema cannot read data written with %s: %s",
                        writer.getName(), frozen, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyRecordSchemaHasAFrozenVersion() throws IOException {
        try (Stream<Path> files = Files.list(HISTORY.resolve("v1"))) {
            List<String> frozen = files.map(p -> p.getFileName().toString().replace(".avsc", "")).toList();
            assertThat(frozen).containsAll(CURRENT.keySet());
        }
    }

    static Stream<Arguments> signalVersions() {
        SchemaCatalogue c = SchemaCatalogue.shipped();
        Schema v1 = c.byId("io.spreadflow.schemas.Signal@1").orElseThrow().schema();
        Schema v2 = c.byId("io.spreadflow.schemas.Signal@2").orElseThrow().schema();
        return Stream.of(Arguments.of("v1 writer, v2 reader", v1, v2), Arguments.of("v2 writer, v1 reader", v2, v1));
    }

    /** Both directions: new readers read old topics, and consumers not yet upgraded read the new writer's records. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("signalVersions")
    void signalV1AndV2ReadEachOther(String name, Schema writer, Schema reader) throws IOException {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        GenericRecord written = new GenericData.Record(writer);
        written.put("instrument", "BTC-USDT");
        written.put("strategyId", "basis");
        written.put("eventTsUs", 1_723_161_253_000_000L);
        written.put("sequence", 7L);
        written.put("kind", new GenericData.EnumSymbol(writer.getField("kind").schema(), "ENTER"));
        written.put("reason", "SPREAD_WIDE");
        written.put("indicators", Map.of("z", 2.5));
        if (writer.getField("runId") != null) written.put("runId", "run-42");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(written, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read.getSchema()).isEqualTo(reader);
        assertThat(read.get("instrument").toString()).isEqualTo("BTC-USDT");
        assertThat(read.get("sequence")).isEqualTo(7L);
        assertThat(read.get("kind").toString()).isEqualTo("ENTER");
        if (reader.getField("runId") != null) assertThat(read.get("runId")).as("the default fills a v1 record").isNull();
        else assertThat(read.hasField("runId")).as("a v1 reader drops the v2 field").isFalse();
    }

    static Stream<Arguments> releasedVersionPairs() {
        List<CatalogueEntry> all = SchemaCatalogue.shipped().all();
        return all.stream().flatMap(w -> all.stream().filter(r -> r.fullName().equals(w.fullName()) && r != w)
                .map(r -> Arguments.of(w.id() + " read as " + r.id(), w.schema(), r.schema())));
    }

    /** Full compatibility across releases: any reader of any release reads any writer of any other. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersionPairs")
    void everyReleasedVersionReadsEveryOther(String name, Schema writer, Schema reader) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType()).as("%s: %s", name, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aFieldAddedWithoutDefaultIsCaughtAsIncompatible() throws IOException {
        Schema writer = new Schema.Parser().parse(HISTORY.resolve("v1/BookTicker.avsc").toFile());
        String broken = BookTicker.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"mandatoryNewField\",\"type\":\"long\"},");
        Schema reader = new Schema.Parser().parse(broken);

        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void generatedRecordsRoundTripThroughBinaryAvro() throws IOException {
        BookTicker tick = BookTicker.newBuilder()
                .setInstrument("BTC-USDT").setVenue("binance-spot").setMarket(Market.SPOT).setVenueSymbol("BTCUSDT")
                .setBidPrice(56000.1).setBidQty(0.5).setAskPrice(56000.2).setAskQty(1.25)
                .setReceiveTsUs(1_723_161_253_000_000L).setExchangeTsUs(null).setUpdateId(42L).build();
        assertThat(BookTicker.fromByteBuffer(tick.toByteBuffer())).isEqualTo(tick);
    }
}
