package io.spreadflow.job.serde;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns each record of the {@code ticks} topic into a {@link BookTicker} (left) or, when the value is
 * not one binary Avro BookTicker, a {@link DeadLetter} (right) naming topic, partition, offset and the
 * reason. It never throws: one bad record must not stop the feed of every instrument.
 */
public final class TickRecordDeserializer implements KafkaRecordDeserializationSchema<Either<BookTicker, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    private final AvroBinaryCodec<BookTicker> codec = AvroBinaryCodec.of(BookTicker.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<BookTicker, DeadLetter>> out) {
        Either<BookTicker, DeadLetter> result;
        try {
            result = Either.Left(codec.decode(record.value()));
        } catch (RuntimeException | StackOverflowError e) {
            result = Either.Right(deadLetter(record, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        out.collect(result);
    }

    static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        byte[] raw = record.value() == null ? new byte[0] : record.value();
        return DeadLetter.newBuilder()
                .setSource(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRaw(ByteBuffer.wrap(raw))
                .setRawText(asText(raw))
                .setReason(reason)
                .setEventTsUs(record.timestamp() >= 0 ? record.timestamp() * 1000L : null)
                .build();
    }

    /** The bytes as text when they are printable UTF-8 (a CSV line sent by mistake), else null. */
    static String asText(byte[] raw) {
        if (raw.length == 0) return null;
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') return null;
        }
        return s;
    }

    @Override
    public TypeInformation<Either<BookTicker, DeadLetter>> getProducedType() {
        return RecordTypes.DECODED_TICK;
    }
}
