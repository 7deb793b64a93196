package io.spreadflow.connectors.feed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the protobuf wire format, to turn documented MEXC pushes into the frames MEXC sends. */
final class ProtobufWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtobufWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter bytes(int field, byte[] b) {
        varint(((long) field << 3) | 2);
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    ProtobufWriter int64(int field, long v) {
        varint((long) field << 3);
        varint(v);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A {@code PushDataV3ApiWrapper} with a {@code publicAggreBookTicker} body. */
    static byte[] mexcBookTicker(String channel, String symbol, long sendTime, String bid, String bidQty, String ask, String askQty) {
        byte[] body = new ProtobufWriter().string(1, bid).string(2, bidQty).string(3, ask).string(4, askQty).toBytes();
        return new ProtobufWriter().string(1, channel).bytes(315, body).string(3, symbol).int64(6, sendTime).toBytes();
    }
}
