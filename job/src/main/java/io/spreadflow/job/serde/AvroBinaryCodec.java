package io.spreadflow.job.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Plain binary Avro (no single-object header, no schema registry) for one generated record type:
 * the wire format of every spreadflow topic. Both sides use the schema compiled into the record
 * class. Not thread-safe: each operator instance keeps its own.
 */
public final class AvroBinaryCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient Schema schema;
    private transient SpecificDatumWriter<T> writer;
    private transient SpecificDatumReader<T> reader;
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
     * Decodes one record that must span exactly {@code bytes}.
     *
     * @throws MalformedRecordException with a reason when the bytes are not one such record
     */
    public T decode(byte[] bytes) {
        if (bytes == null) throw new MalformedRecordException("no value (null record)");
        if (bytes.length == 0) throw new MalformedRecordException("empty value (0 bytes)");
        // Lengths in garbage bytes can claim gigabytes; Avro would allocate before noticing.
        String frameError = AvroFrameCheck.check(schema(), bytes);
        if (frameError != null) throw new MalformedRecordException("not a binary Avro " + type.getSimpleName() + ": " + frameError);
        if (reader == null) reader = new SpecificDatumReader<>(type);
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
