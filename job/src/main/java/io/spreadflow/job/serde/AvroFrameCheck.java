package io.spreadflow.job.serde;

import org.apache.avro.Schema;

/**
 * Walks binary Avro against a schema without building anything, to prove that every length, count
 * and union branch the bytes declare fits in the bytes given. Avro's own reader allocates a string or
 * array of the declared size before it finds out that the input is too short, so a few bytes of
 * garbage could otherwise cost gigabytes of heap.
 */
final class AvroFrameCheck {

    private final byte[] bytes;
    private int pos;

    private AvroFrameCheck(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Null when the bytes are exactly one datum of {@code schema}, else why not. */
    static String check(Schema schema, byte[] bytes) {
        AvroFrameCheck c = new AvroFrameCheck(bytes);
        try {
            c.walk(schema);
        } catch (Malformed m) {
            return m.getMessage();
        }
        if (c.pos != bytes.length) return (bytes.length - c.pos) + " trailing bytes after the record";
        return null;
    }

    private void walk(Schema s) {
        switch (s.getType()) {
            case NULL -> { }
            case BOOLEAN -> need(1, s);
            case INT, LONG -> varLong(s.getType().getName());
            case FLOAT -> need(4, s);
            case DOUBLE -> need(8, s);
            case FIXED -> need(s.getFixedSize(), s);
            case STRING, BYTES -> {
                long n = varLong("length");
                if (n < 0) throw new Malformed("negative " + s.getType().getName() + " length " + n + " at byte " + pos);
                need(n, s);
            }
            case ENUM -> {
                long i = varLong("enum index");
                if (i < 0 || i >= s.getEnumSymbols().size()) {
                    throw new Malformed("enum " + s.getName() + " index " + i + " out of range");
                }
            }
            case UNION -> {
                long i = varLong("union branch");
                if (i < 0 || i >= s.getTypes().size()) throw new Malformed("union branch " + i + " out of range");
                walk(s.getTypes().get((int) i));
            }
            case RECORD -> {
                for (Schema.Field f : s.getFields()) walk(f.schema());
            }
            case ARRAY -> blocks(s.getElementType(), null);
            case MAP -> blocks(s.getValueType(), Schema.create(Schema.Type.STRING));
        }
    }

    private void blocks(Schema item, Schema key) {
        while (true) {
            long count = varLong("block count");
            if (count == 0) return;
            if (count < 0) {
                count = -count;
                varLong("block size");
            }
            // every item takes at least one byte unless it is null; a count beyond the input is garbage
            if (count > bytes.length - pos && !(item.getType() == Schema.Type.NULL && key == null && count <= 1_000_000)) {
                throw new Malformed("block of " + count + " items in " + (bytes.length - pos) + " remaining bytes");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) walk(key);
                walk(item);
            }
        }
    }

    /** Steps over {@code n} bytes of a value of {@code s}; the message is built only when they are not there (this runs per field of every record). */
    private void need(long n, Schema s) {
        if (n > bytes.length - pos) {
            String what = switch (s.getType()) {
                case FIXED -> "fixed " + s.getName();
                case STRING, BYTES -> s.getType().getName() + " of " + n + " bytes";
                default -> s.getType().getName();
            };
            throw new Malformed("truncated: " + what + " needs " + n + " bytes at byte " + pos + ", only " + (bytes.length - pos) + " left");
        }
        pos += (int) n;
    }

    private long varLong(String what) {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= bytes.length) throw new Malformed("truncated: " + what + " at byte " + pos);
            int b = bytes[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 63) throw new Malformed("malformed varint (" + what + ") at byte " + pos);
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
