package io.spreadflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
