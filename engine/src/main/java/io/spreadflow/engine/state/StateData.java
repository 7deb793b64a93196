package io.spreadflow.engine.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The building blocks of the engine's state format: nullable strings, decimals, counts and the tagged
 * scalar values of trade rows. Every count and length read back is checked against a bound first, so
 * damaged bytes end in an {@link IOException} with a reason, never in a huge allocation.
 */
public final class StateData {

    /** Most elements of one collection in a state value; far above every bound the engine keeps. */
    public static final int MAX_COUNT = 1 << 24;
    /** Longest string or byte array in a state value. */
    public static final int MAX_BYTES = 1 << 26;

    private static final byte NULL = 0, BOOLEAN = 1, INT = 2, LONG = 3, DOUBLE = 4, STRING = 5, DECIMAL = 6;

    private StateData() {}

    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        byte[] b = new byte[length(n, MAX_BYTES, "string")];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[length(in.readInt(), MAX_BYTES, "byte array")];
        in.readFully(b);
        return b;
    }

    /** A decimal exactly: its unscaled value and scale; {@code null} allowed. */
    public static void writeDecimal(DataOutput out, BigDecimal d) throws IOException {
        if (d == null) {
            out.writeInt(-1);
            return;
        }
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.write(unscaled);
        out.writeInt(d.scale());
    }

    public static BigDecimal readDecimal(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        byte[] unscaled = new byte[length(n, 4096, "decimal")];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), in.readInt());
    }

    /** A count written before a collection's elements. */
    public static void writeCount(DataOutput out, int n) throws IOException {
        out.writeInt(n);
    }

    public static int readCount(DataInput in, String what) throws IOException {
        return length(in.readInt(), MAX_COUNT, what);
    }

    /** An enum constant by name, so that reordering the constants does not change stored values. */
    public static void writeEnum(DataOutput out, Enum<?> e) throws IOException {
        writeString(out, e == null ? null : e.name());
    }

    public static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
        String name = readString(in);
        if (name == null) return null;
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException(type.getSimpleName() + " has no constant " + name + " any more", e);
        }
    }

    /** One scalar of a trade row: null, boolean, int, long, double, string or decimal. */
    public static void writeValue(DataOutput out, Object v) throws IOException {
        if (v == null) out.writeByte(NULL);
        else if (v instanceof Boolean b) { out.writeByte(BOOLEAN); out.writeBoolean(b); }
        else if (v instanceof Integer i) { out.writeByte(INT); out.writeInt(i); }
        else if (v instanceof Long l) { out.writeByte(LONG); out.writeLong(l); }
        else if (v instanceof Double d) { out.writeByte(DOUBLE); out.writeDouble(d); }
        else if (v instanceof String s) { out.writeByte(STRING); writeString(out, s); }
        else if (v instanceof BigDecimal d) { out.writeByte(DECIMAL); writeDecimal(out, d); }
        else throw new IOException("a trade row value of type " + v.getClass().getName() + " has no stored form");
    }

    public static Object readValue(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case BOOLEAN -> in.readBoolean();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case STRING -> readString(in);
            case DECIMAL -> readDecimal(in);
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /** A map of scalars in its iteration order; {@code null} allowed. */
    public static void writeRow(DataOutput out, Map<String, ?> row) throws IOException {
        if (row == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(row.size());
        for (Map.Entry<String, ?> e : row.entrySet()) {
            writeString(out, e.getKey());
            writeValue(out, e.getValue());
        }
    }

    public static LinkedHashMap<String, Object> readRow(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        n = length(n, MAX_COUNT, "row");
        LinkedHashMap<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) row.put(readString(in), readValue(in));
        return row;
    }

    public static void writeDoubles(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double d : a) out.writeDouble(d);
    }

    /** Reads an array written by {@link #writeDoubles} into {@code into}, which must have the same length. */
    public static void readDoublesInto(DataInput in, double[] into, String what) throws IOException {
        int n = in.readInt();
        if (n != into.length) throw new IOException(what + ": " + n + " values stored, " + into.length + " expected");
        for (int i = 0; i < n; i++) into[i] = in.readDouble();
    }

    public static void writeLongs(DataOutput out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long d : a) out.writeLong(d);
    }

    public static void readLongsInto(DataInput in, long[] into, String what) throws IOException {
        int n = in.readInt();
        if (n != into.length) throw new IOException(what + ": " + n + " values stored, " + into.length + " expected");
        for (int i = 0; i < n; i++) into[i] = in.readLong();
    }

    /** Most values of one sampled series (a backtest's spread chart: years of one-second samples). */
    public static final int MAX_SERIES = Integer.MAX_VALUE - 16;

    /**
     * A {@code long[]} written by {@link #writeLongs}, of at most {@code max} values. The array grows as the
     * values arrive, so a damaged count ends at the end of the bytes instead of in a huge allocation.
     */
    public static long[] readLongs(DataInput in, int max, String what) throws IOException {
        int n = length(in.readInt(), max, what);
        long[] a = new long[Math.min(n, 1 << 16)];
        for (int i = 0; i < n; i++) {
            if (i == a.length) a = java.util.Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            a[i] = in.readLong();
        }
        return a;
    }

    /** A {@code double[]} written by {@link #writeDoubles}; see {@link #readLongs}. */
    public static double[] readDoubles(DataInput in, int max, String what) throws IOException {
        int n = length(in.readInt(), max, what);
        double[] a = new double[Math.min(n, 1 << 16)];
        for (int i = 0; i < n; i++) {
            if (i == a.length) a = java.util.Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            a[i] = in.readDouble();
        }
        return a;
    }

    static int length(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) throw new IOException("damaged state: " + what + " of length " + n);
        return n;
    }
}
