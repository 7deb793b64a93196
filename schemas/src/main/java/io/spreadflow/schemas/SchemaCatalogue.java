package io.spreadflow.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every released version of every topic record schema, shipped in this jar under
 * {@code io/spreadflow/schemas/catalogue/<Record>/v<N>.avsc}. Each file is one self-contained schema
 * (enums and nested records inlined) that any Avro parser reads on its own.
 *
 * <p>Records on the topics are plain binary Avro; the writer's schema travels in two Kafka headers,
 * {@value #SCHEMA_HEADER} ({@code <full name>@<version>}) and {@value #FINGERPRINT_HEADER} (8 bytes,
 * little-endian CRC-64-AVRO of the Parsing Canonical Form). A reader looks the writer schema up here and
 * resolves it against its own. A record without headers was written before headers existed: version 1.
 */
public final class SchemaCatalogue {

    public static final String SCHEMA_HEADER = "spreadflow.schema";
    public static final String FINGERPRINT_HEADER = "spreadflow.schema.fingerprint";

    static final String ROOT = "io/spreadflow/schemas/catalogue/";
    private static final String INDEX = ROOT + "index.txt";

    private static final SchemaCatalogue SHIPPED = load();

    private final Map<String, CatalogueEntry> byId = new HashMap<>();
    private final Map<Long, CatalogueEntry> byFingerprint = new HashMap<>();
    private final Map<String, List<CatalogueEntry>> byName = new HashMap<>();

    private SchemaCatalogue(List<CatalogueEntry> entries) {
        for (CatalogueEntry e : entries) {
            byId.put(e.id(), e);
            CatalogueEntry clash = byFingerprint.put(e.fingerprint(), e);
            // two releases with one canonical form would make the fingerprint header ambiguous
            if (clash != null) throw new IllegalStateException(e.id() + " has the same canonical form as " + clash.id());
            byName.computeIfAbsent(e.fullName(), n -> new ArrayList<>()).add(e);
        }
        byName.values().forEach(l -> l.sort(Comparator.comparingInt(CatalogueEntry::version)));
    }

    /** The catalogue in this jar. */
    public static SchemaCatalogue shipped() {
        return SHIPPED;
    }

    public Optional<CatalogueEntry> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<CatalogueEntry> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** Released versions of a record, oldest first; empty for an unknown name. */
    public List<CatalogueEntry> versions(String fullName) {
        return List.copyOf(byName.getOrDefault(fullName, List.of()));
    }

    public List<CatalogueEntry> all() {
        return byName.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(CatalogueEntry::fullName).thenComparingInt(CatalogueEntry::version)).toList();
    }

    /** The released version whose canonical form is {@code schema}'s: what a writer of it announces. */
    public CatalogueEntry release(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        CatalogueEntry e = byFingerprint.get(fp);
        if (e == null) {
            throw new UnknownWriterSchemaException(schema.getFullName() + " schema is not a released version in the catalogue"
                    + " (fingerprint " + hex(fp) + "): add it as the next version before writing it");
        }
        return e;
    }

    /**
     * The schema a record was written with, from its header values (either may be null).
     *
     * @param readerFullName the record the reader expects; a header naming another record is an error
     * @throws UnknownWriterSchemaException with a reason when the headers name nothing released or another record
     */
    public Schema writerSchema(String readerFullName, String idHeader, byte[] fingerprintHeader) {
        CatalogueEntry e;
        if (fingerprintHeader != null) {
            if (fingerprintHeader.length != 8) {
                throw new UnknownWriterSchemaException(FINGERPRINT_HEADER + " header has " + fingerprintHeader.length + " bytes, not 8");
            }
            long fp = ByteBuffer.wrap(fingerprintHeader).order(ByteOrder.LITTLE_ENDIAN).getLong();
            e = byFingerprint.get(fp);
            if (e == null) {
                throw new UnknownWriterSchemaException("unknown writer schema fingerprint " + hex(fp)
                        + (idHeader == null ? "" : " (" + idHeader + ")") + ": not in the schema catalogue of this release");
            }
        } else if (idHeader != null) {
            e = byId.get(idHeader);
            if (e == null) throw new UnknownWriterSchemaException("unknown writer schema " + idHeader + ": not in the schema catalogue of this release");
        } else {
            // written before records carried their schema: the first release
            List<CatalogueEntry> versions = byName.get(readerFullName);
            if (versions == null) throw new UnknownWriterSchemaException("no released schema named " + readerFullName);
            e = versions.get(0);
        }
        if (!e.fullName().equals(readerFullName)) {
            throw new UnknownWriterSchemaException("record written as " + e.id() + ", expected a " + readerFullName);
        }
        return e.schema();
    }

    /** Header value of {@link #SCHEMA_HEADER} as text; null for an absent header. */
    public static String text(byte[] header) {
        return header == null ? null : new String(header, StandardCharsets.UTF_8);
    }

    static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }

    private static SchemaCatalogue load() {
        List<CatalogueEntry> entries = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) continue;
            int slash = path.indexOf('/');
            int version = Integer.parseInt(path.substring(slash + 2, path.length() - ".avsc".length()));
            // a fresh parser per file: each must stand alone, as it does for any other consumer
            Schema schema = new Schema.Parser().parse(resource(ROOT + path));
            if (!schema.getName().equals(path.substring(0, slash))) {
                throw new IllegalStateException(path + " holds schema " + schema.getFullName());
            }
            entries.add(new CatalogueEntry(schema.getFullName(), version, schema, SchemaNormalization.parsingFingerprint64(schema)));
        }
        return new SchemaCatalogue(entries);
    }

    private static String resource(String name) {
        try (InputStream in = SchemaCatalogue.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("schema catalogue resource " + name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
