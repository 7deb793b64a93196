package io.spreadflow.job.serde;

import io.spreadflow.schemas.CatalogueEntry;
import io.spreadflow.schemas.SchemaCatalogue;
import io.spreadflow.schemas.UnknownWriterSchemaException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Plain binary Avro (no single-object header, no schema registry) for one generated record type:
 * the wire format of every spreadflow topic. The writer schema's identity travels in Kafka headers
 * ({@link #headers()}); the reading side looks it up in the {@link SchemaCatalogue} and resolves it to
 * the schema compiled into the record class, so records of older and newer releases decode alike.
 * Not thread-safe: each operator instance keeps its own.
 */
public final class AvroBinaryCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient Schema schema;
    private transient SpecificDatumWriter<T> writer;
    private transient Map<Schema, SpecificDatumReader<T>> readers;
    private transient ByteArrayOutputStream buffer;
    private transient BinaryEncoder encoder;
    private transient BinaryDecoder decoder;

    public AvroBinaryCodec(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> AvroBinaryCodec<T> of(Class<T> type) {
        return new AvroBinaryCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        if (schema == null) schema = SpecificData.get().getSchema(type);
        return schema;
    }

    /** The released version this codec writes. */
    public CatalogueEntry release() {
        return SchemaCatalogue.shipped().release(schema());
    }

    /** Fresh headers naming {@link #release()}, for a record of {@link #encode} bytes. */
    public Headers headers() {
        CatalogueEntry r = release();
        RecordHeaders h = new RecordHeaders();
        h.add(SchemaCatalogue.SCHEMA_HEADER, r.id().getBytes(StandardCharsets.UTF_8));
        h.add(SchemaCatalogue.FINGERPRINT_HEADER, r.fingerprintBytes());
        return h;
    }

    /** The record as plain binary Avro. */
    public byte[] encode(T record) {
        if (writer == null) {
            writer = new SpecificDatumWriter<>(schema());
            buffer = new ByteArrayOutputStream(256);
        }
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes one record that must span exactly {@code bytes}, written with the schema its headers name
     * (none: version 1, written before records carried headers).
     *
     * @throws MalformedRecordException with a reason when the headers name no released schema of this record,
     *         or the bytes are not one such record
     */
    public T decode(byte[] bytes, Headers recordHeaders) {
        Schema writer;
        try {
            writer = SchemaCatalogue.shipped().writerSchema(schema().getFullName(),
                    SchemaCatalogue.text(last(recordHeaders, SchemaCatalogue.SCHEMA_HEADER)),
                    last(recordHeaders, SchemaCatalogue.FINGERPRINT_HEADER));
        } catch (UnknownWriterSchemaException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        return decode(bytes, writer);
    }

    private static byte[] last(Headers recordHeaders, String key) {
        Header h = recordHeaders == null ? null : recordHeaders.lastHeader(key);
        return h == null ? null : h.value();
    }

    /** Decodes one record written with this class's own schema; see {@link #decode(byte[], Schema)}. */
    public T decode(byte[] bytes) {
        return decode(bytes, schema());
    }

    /**
     * Decodes one record that must span exactly {@code bytes}, written with {@code writer} and resolved
     * (Avro's ResolvingDecoder) to this class's schema.
     *
     * @throws MalformedRecordException with a reason when the bytes are not one such record
     */
    public T decode(byte[] bytes, Schema writer) {
        if (bytes == null) throw new MalformedRecordException("no value (null record)");
        if (bytes.length == 0) throw new MalformedRecordException("empty value (0 bytes)");
        // Lengths in garbage bytes can claim gigabytes; Avro would allocate before noticing.
        String frameError = AvroFrameCheck.check(writer, bytes);
        if (frameError != null) throw new MalformedRecordException("not a binary Avro " + type.getSimpleName() + ": " + frameError);
        if (readers == null) readers = new HashMap<>();
        // at most one reader per released version: the catalogue bounds the map
        SpecificDatumReader<T> reader = readers.computeIfAbsent(writer, w -> new SpecificDatumReader<>(w, schema()));
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        try {
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new MalformedRecordException("not a binary Avro " + type.getSimpleName() + ": trailing bytes after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedRecordException m) throw m;
            throw new MalformedRecordException("not a binary Avro " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** Bytes that are not one record of the expected type; the message is the dead-letter reason. */
    public static final class MalformedRecordException extends RuntimeException {
        public MalformedRecordException(String message) {
            super(message);
        }

        public MalformedRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
