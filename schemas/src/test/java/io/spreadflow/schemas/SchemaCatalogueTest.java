package io.spreadflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped catalogue: self-contained files, one per released version, and lookups by identity. */
class SchemaCatalogueTest {

    private static final Path CATALOGUE = Path.of("src/main/resources/io/spreadflow/schemas/catalogue");
    private static final Path HISTORY = Path.of("src/main/avro-history");
    private static final SchemaCatalogue SHIPPED = SchemaCatalogue.shipped();

    private static final Map<String, Schema> CURRENT = Map.of(
            "BookTicker", BookTicker.getClassSchema(),
            "Signal", Signal.getClassSchema(),
            "OrderIntent", OrderIntent.getClassSchema(),
            "ExecutionReport", ExecutionReport.getClassSchema(),
            "DeadLetter", DeadLetter.getClassSchema());

    static Stream<Path> catalogueFiles() throws IOException {
        try (Stream<Path> files = Files.walk(CATALOGUE)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogueFiles")
    void eachFileParsesAloneWithThePlainAvroParser(Path file) throws IOException {
        Schema schema = new Schema.Parser().parse(file.toFile());

        assertThat(schema.getType()).isEqualTo(Schema.Type.RECORD);
        assertThat(schema.getName()).isEqualTo(file.getParent().getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogueFiles")
    void eachFileParsesAloneWithPythonAvro(Path file) throws Exception {
        boolean available = new ProcessBuilder("/usr/bin/python3", "-c", "import avro.schema").start().waitFor() == 0;
        if (!available && "true".equals(System.getenv("CI"))) throw new AssertionError("python3-avro missing: run .ci/install-deps.sh");
        assumeThat(available).as("Debian's python3-avro (.ci/install-deps.sh)").isTrue();
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, avro.schema; s = avro.schema.parse(open(sys.argv[1]).read()); print(s.fullname)",
                file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("io.spreadflow.schemas." + file.getParent().getFileName());
    }

    @Test
    void theIndexListsEveryFileAndTheJarShipsThem() throws IOException {
        List<String> onDisk = catalogueFiles().map(p -> CATALOGUE.relativize(p).toString()).sorted().toList();
        List<String> loaded = SHIPPED.all().stream().map(e -> e.resource().replace("io/spreadflow/schemas/catalogue/", "")).sorted().toList();

        assertThat(loaded).isEqualTo(onDisk);
    }

    @Test
    void theLatestVersionOfEachRecordIsTheGeneratedClass() {
        CURRENT.forEach((name, schema) -> {
            List<CatalogueEntry> versions = SHIPPED.versions(schema.getFullName());
            assertThat(versions).as(name).isNotEmpty();
            CatalogueEntry latest = versions.get(versions.size() - 1);
            assertThat(latest.fingerprint())
                    .as("%s changed without a new catalogue version after %s", name, latest.id())
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
            assertThat(SHIPPED.release(schema)).isEqualTo(latest);
        });
        assertThat(SHIPPED.release(Signal.getClassSchema()).version()).isEqualTo(2);
        assertThat(SHIPPED.release(BookTicker.getClassSchema()).version()).isEqualTo(2);
    }

    @Test
    void catalogueVersionsMatchTheFrozenHistory() throws IOException {
        for (CatalogueEntry e : SHIPPED.all()) {
            Path frozen = HISTORY.resolve("v" + e.version()).resolve(e.schema().getName() + ".avsc");
            if (!Files.exists(frozen)) continue;
            assertThat(new Schema.Parser().parse(frozen.toFile())).as(e.id()).isEqualTo(e.schema());
        }
        assertThat(SHIPPED.versions("io.spreadflow.schemas.Signal")).extracting(CatalogueEntry::version).containsExactly(1, 2);
    }

    @Test
    void looksUpByIdAndByFingerprint() {
        CatalogueEntry v1 = SHIPPED.byId("io.spreadflow.schemas.Signal@1").orElseThrow();

        assertThat(v1.schema().getField("runId")).isNull();
        assertThat(SHIPPED.byFingerprint(v1.fingerprint())).contains(v1);
        assertThat(SHIPPED.writerSchema("io.spreadflow.schemas.Signal", null, v1.fingerprintBytes())).isEqualTo(v1.schema());
        assertThat(SHIPPED.writerSchema("io.spreadflow.schemas.Signal", "io.spreadflow.schemas.Signal@2", null).getField("runId")).isNotNull();
        assertThat(SHIPPED.byId("io.spreadflow.schemas.Signal@9")).isEmpty();
    }

    @Test
    void aRecordWithoutHeadersIsTheFirstRelease() {
        assertThat(SHIPPED.writerSchema("io.spreadflow.schemas.Signal", null, null))
                .isEqualTo(SHIPPED.byId("io.spreadflow.schemas.Signal@1").orElseThrow().schema());
    }

    @Test
    void unknownOrMismatchedIdentitiesAreRejectedWithAReason() {
        byte[] unknown = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> SHIPPED.writerSchema("io.spreadflow.schemas.Signal", "io.spreadflow.schemas.Signal@3", unknown))
                .isInstanceOf(UnknownWriterSchemaException.class)
                .hasMessageContaining("unknown writer schema fingerprint 0807060504030201");
        assertThatThrownBy(() -> SHIPPED.writerSchema("io.spreadflow.schemas.Signal", null, new byte[3]))
                .hasMessageContaining("3 bytes, not 8");
        byte[] tick = SHIPPED.byId("io.spreadflow.schemas.BookTicker@1").orElseThrow().fingerprintBytes();
        assertThatThrownBy(() -> SHIPPED.writerSchema("io.spreadflow.schemas.Signal", null, tick))
                .hasMessageContaining("written as io.spreadflow.schemas.BookTicker@1");
        Schema unreleased = new Schema.Parser().parse(BookTicker.getClassSchema().toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"extra\",\"type\":\"long\"},"));
        assertThatThrownBy(() -> SHIPPED.release(unreleased)).hasMessageContaining("not a released version");
    }
}
