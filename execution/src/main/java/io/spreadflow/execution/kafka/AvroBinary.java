package io.spreadflow.execution.kafka;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Plain binary Avro (no registry header, not the single-object encoding) of the records this service
 * reads and writes on Kafka: the format the job's {@code AvroDeserializationSchema.forSpecific} reads.
 */
public final class AvroBinary {

    private static final SpecificDatumWriter<ExecutionReport> REPORT_WRITER = new SpecificDatumWriter<>(ExecutionReport.class);
    private static final SpecificDatumReader<ExecutionReport> REPORT_READER = new SpecificDatumReader<>(ExecutionReport.class);
    private static final SpecificDatumReader<BookTicker> TICK_READER = new SpecificDatumReader<>(BookTicker.class);
    private static final SpecificDatumWriter<BookTicker> TICK_WRITER = new SpecificDatumWriter<>(BookTicker.class);

    private AvroBinary() {}

    public static byte[] encode(ExecutionReport r) {
        return write(out -> REPORT_WRITER.write(r, out));
    }

    public static byte[] encode(BookTicker t) {
        return write(out -> TICK_WRITER.write(t, out));
    }

    public static ExecutionReport decodeReport(byte[] bytes) {
        try {
            return REPORT_READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("not an ExecutionReport in binary Avro", e);
        }
    }

    /** Decodes a tick, reusing {@code decoder} across calls of one thread. */
    public static BookTicker decodeTick(byte[] bytes, BinaryDecoder[] decoder) throws IOException {
        decoder[0] = DecoderFactory.get().binaryDecoder(bytes, decoder[0]);
        return TICK_READER.read(null, decoder[0]);
    }

    private interface Writing {
        void to(BinaryEncoder out) throws IOException;
    }

    private static byte[] write(Writing w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(192);
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
            w.to(enc);
            enc.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
