package io.spreadflow.connectors.kafka;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka serializer and deserializer for the schema records, as plain binary Avro (no schema
 * registry header, not the single-object encoding): the format Flink's
 * {@code AvroDeserializationSchema.forSpecific} and Flink SQL's {@code 'avro'} format read, so plain
 * clients and the job share topics. The writer schema's identity travels in Kafka headers
 * ({@link SchemaCatalogue#SCHEMA_HEADER}, {@link SchemaCatalogue#FINGERPRINT_HEADER}), which the
 * header-aware {@code serialize}/{@code deserialize} add and read; the deserializer resolves the writer
 * schema from the {@link SchemaCatalogue} against the generated class's (a record without headers is
 * version 1).
 *
 * <p>Use an instance directly ({@code new KafkaProducer<>(props, new StringSerializer(),
 * AvroSerde.bookTicker())}) or name one of the nested classes in {@code value.serializer} /
 * {@code value.deserializer}. Instances are thread-safe.
 *
 * @param <T> the generated record class
 */
public class AvroSerde<T extends SpecificRecord> implements Serializer<T>, Deserializer<T>, Serde<T> {

    private final Class<T> type;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final CatalogueEntry release;
    private final List<Header> headers;
    // one resolving reader per writer schema met; the catalogue bounds their number
    private final Map<Schema, SpecificDatumReader<T>> resolving = new ConcurrentHashMap<>();
    // encoders and decoders keep buffers; one per thread avoids allocating them per record
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /** A serde for {@code type}, using the schema the class was generated from. */
    public AvroSerde(Class<T> type) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
        this.release = SchemaCatalogue.shipped().release(schema);
        this.headers = List.of(new RecordHeader(SchemaCatalogue.SCHEMA_HEADER, release.id().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(SchemaCatalogue.FINGERPRINT_HEADER, release.fingerprintBytes()));
    }

    public static AvroSerde<BookTicker> bookTicker() {
        return new BookTickers();
    }

    public static AvroSerde<Signal> signal() {
        return new Signals();
    }

    public static AvroSerde<OrderIntent> orderIntent() {
        return new OrderIntents();
    }

    public static AvroSerde<ExecutionReport> executionReport() {
        return new ExecutionReports();
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return new DeadLetters();
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /** The released schema version this serde writes. */
    public CatalogueEntry release() {
        return release;
    }

    /** The headers naming this serde's writer schema, for a {@code ProducerRecord} of {@link #toBytes} bytes. */
    public Iterable<Header> headers() {
        return headers;
    }

    /**
     * The schema a record was written with, from its headers via the catalogue.
     *
     * @throws SerializationException naming the reason when the headers name no released version of this record
     */
    public Schema writerSchema(Headers recordHeaders) {
        try {
            return SchemaCatalogue.shipped().writerSchema(schema.getFullName(),
                    SchemaCatalogue.text(last(recordHeaders, SchemaCatalogue.SCHEMA_HEADER)),
                    last(recordHeaders, SchemaCatalogue.FINGERPRINT_HEADER));
        } catch (UnknownWriterSchemaException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    /** Decodes a consumed record with the writer schema its headers name. */
    public T fromRecord(ConsumerRecord<?, byte[]> record) {
        return fromBytes(record.value(), writerSchema(record.headers()));
    }

    private static byte[] last(Headers recordHeaders, String key) {
        if (recordHeaders == null) return null;
        Header h = recordHeaders.lastHeader(key);
        return h == null ? null : h.value();
    }

    /** Plain binary Avro of {@code record}. */
    public byte[] toBytes(T record) {
        Buffers b = buffers.get();
        b.out.reset();
        b.encoder = EncoderFactory.get().directBinaryEncoder(b.out, b.encoder);
        try {
            writer.write(record, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return b.out.toByteArray();
    }

    /** Decodes plain binary Avro written with this class's schema; a new record each call. */
    public T fromBytes(byte[] data) {
        return fromBytes(data, schema);
    }

    /** Decodes plain binary Avro written with {@code writer}, resolved to this class's schema; a new record each call. */
    public T fromBytes(byte[] data, Schema writer) {
        // by identity: Schema.equals compares every field and property, per record; the catalogue hands out one
        // instance per released version, so each writer schema is looked up by reference after its first record
        SpecificDatumReader<T> r = writer == schema ? reader : resolving.get(writer);
        if (r == null) r = resolving.computeIfAbsent(writer, w -> w.equals(schema) ? reader : new SpecificDatumReader<>(w, schema));
        Buffers b = buffers.get();
        b.decoder = DecoderFactory.get().binaryDecoder(data, b.decoder);
        try {
            T record = r.read(null, b.decoder);
            if (!b.decoder.isEnd()) {
                throw new SerializationException(type.getSimpleName() + ": " + data.length + " bytes hold more than one record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) throw se;
            throw new SerializationException("cannot decode " + type.getSimpleName() + " from " + data.length + " bytes: " + e, e);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : toBytes(data);
    }

    @Override
    public byte[] serialize(String topic, Headers recordHeaders, T data) {
        if (data == null) return null;
        recordHeaders.remove(SchemaCatalogue.SCHEMA_HEADER);
        recordHeaders.remove(SchemaCatalogue.FINGERPRINT_HEADER);
        headers.forEach(recordHeaders::add);
        return toBytes(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : fromBytes(data);
    }

    @Override
    public T deserialize(String topic, Headers recordHeaders, byte[] data) {
        return data == null ? null : fromBytes(data, writerSchema(recordHeaders));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schema comes from the generated class
    }

    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    /** {@link BookTicker} serde, nameable in client properties. */
    public static final class BookTickers extends AvroSerde<BookTicker> {
        public BookTickers() {
            super(BookTicker.class);
        }
    }

    /** {@link Signal} serde, nameable in client properties. */
    public static final class Signals extends AvroSerde<Signal> {
        public Signals() {
            super(Signal.class);
        }
    }

    /** {@link OrderIntent} serde, nameable in client properties. */
    public static final class OrderIntents extends AvroSerde<OrderIntent> {
        public OrderIntents() {
            super(OrderIntent.class);
        }
    }

    /** {@link ExecutionReport} serde, nameable in client properties. */
    public static final class ExecutionReports extends AvroSerde<ExecutionReport> {
        public ExecutionReports() {
            super(ExecutionReport.class);
        }
    }

    /** {@link DeadLetter} serde, nameable in client properties. */
    public static final class DeadLetters extends AvroSerde<DeadLetter> {
        public DeadLetters() {
            super(DeadLetter.class);
        }
    }
}
