package io.spreadflow.engine.state;

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

/**
 * Binary Avro of one generated record type inside the engine's state: written with the current
 * schema, read from a given writer schema resolved against the current one (added fields take their
 * schema default). Not thread-safe.
 */
final class AvroRecords<T extends SpecificRecord> {

    private final Class<T> type;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    AvroRecords(Class<T> type, Schema writerSchema) {
        this.type = type;
        Schema current = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(current);
        this.reader = new SpecificDatumReader<>(writerSchema, current);
    }

    byte[] encode(T record) throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        writer.write(record, encoder);
        encoder.flush();
        return buffer.toByteArray();
    }

    T decode(byte[] bytes) throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        try {
            return reader.read(null, decoder);
        } catch (RuntimeException e) {
            throw new IOException("damaged " + type.getSimpleName() + " in the engine state: " + e, e);
        }
    }
}
