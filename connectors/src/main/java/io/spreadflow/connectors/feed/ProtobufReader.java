package io.spreadflow.connectors.feed;

import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of the protobuf wire format (varints, length-delimited fields, fixed 32/64-bit
 * fields), enough to pick fields out of a message by number without generated code. Every read
 * checks its bounds; a truncated or malformed message is a {@link MalformedFrame}.
 */
final class ProtobufReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int wireType;
    private int fieldNumber;

    ProtobufReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    ProtobufReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) return false;
        long key = varint();
        fieldNumber = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (fieldNumber <= 0 || key >>> 3 > 0x1FFFFFFFL) throw new MalformedFrame("protobuf: bad field number " + (key >>> 3));
        return true;
    }

    int fieldNumber() {
        return fieldNumber;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw new MalformedFrame("protobuf: truncated varint");
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw new MalformedFrame("protobuf: varint longer than 10 bytes");
    }

    /** The current length-delimited field as a nested reader. */
    ProtobufReader message() {
        int len = length();
        ProtobufReader r = new ProtobufReader(buf, pos, len);
        pos += len;
        return r;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new MalformedFrame("protobuf: unsupported wire type " + wireType + " of field " + fieldNumber);
        }
    }

    void expect(int type) {
        if (wireType != type) throw new MalformedFrame("protobuf: field " + fieldNumber + " has wire type " + wireType + ", expected " + type);
    }

    private int length() {
        expect(LENGTH_DELIMITED);
        long len = varint();
        if (len < 0 || len > end - pos) throw new MalformedFrame("protobuf: field " + fieldNumber + " length " + len + " exceeds the message");
        return (int) len;
    }

    private void advance(int n) {
        if (n > end - pos) throw new MalformedFrame("protobuf: truncated field " + fieldNumber);
        pos += n;
    }
}
