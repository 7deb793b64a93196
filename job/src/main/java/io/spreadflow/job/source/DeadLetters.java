package io.spreadflow.job.source;

import io.spreadflow.schemas.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one encoding of a dead letter, whatever refused the input: a Kafka record that does not decode,
 * a tick-file line that does not parse, or a tick the engine's quote board refuses. {@code raw} holds
 * the bytes as received (the Avro bytes of a record, the text of a line); {@code rawText} holds them as
 * text when they are printable; {@code source} names the topic or file, {@code partition} and
 * {@code offset} the place in it (the line number for files).
 */
public final class DeadLetters {

    private DeadLetters() {}

    /**
     * @param partition Kafka partition, or null for files and engine refusals without one
     * @param offset    Kafka offset or line number, or null
     * @param eventTsUs the input's event time when known, else null
     */
    public static DeadLetter of(String source, Integer partition, Long offset, byte[] raw, String reason, Long eventTsUs) {
        return of(source, partition, offset, raw, null, reason, eventTsUs);
    }

    /** As above, with the input's text given (a decoded tick's readable form) rather than read from {@code raw}. */
    public static DeadLetter of(String source, Integer partition, Long offset, byte[] raw, String rawText, String reason, Long eventTsUs) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        return DeadLetter.newBuilder()
                .setSource(source == null ? "" : source)
                .setPartition(partition)
                .setOffset(offset)
                .setRaw(ByteBuffer.wrap(bytes))
                .setRawText(rawText != null ? rawText : asText(bytes))
                .setReason(reason == null ? "unknown" : reason)
                .setEventTsUs(eventTsUs)
                .build();
    }

    /** The bytes as text when they are printable UTF-8 (a CSV line, a JSON frame sent by mistake), else null. */
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
}
