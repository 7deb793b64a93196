package io.spreadflow.job.source;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link EngineInput} field by field: primitives as they are, and the few distinct names of a
 * backtest (instrument, venue, venue symbol) as short length-prefixed bytes that the reading side
 * turns back into one shared {@code String} per name, so a tick crosses a channel without reflection
 * and without allocating its names again. Rejected input carries its text and reason instead.
 *
 * <p>Not thread-safe (the name table): {@link #duplicate()} gives every user its own.
 */
public final class EngineInputSerializer extends TypeSerializer<EngineInput> {

    private static final long serialVersionUID = 1L;

    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;
    private static final byte REPORT = 2;
    /** Reports are few (a few per order): they travel as Avro bytes. */
    private transient io.spreadflow.job.serde.AvroBinaryCodec<io.spreadflow.schemas.ExecutionReport> reports;
    /**
     * Rejected input is rare: its dead letter travels as Avro bytes. One codec per serializer instance: a codec reuses
     * its decoder, and Flink gives each thread its own serializer ({@link #duplicate()}), never a shared one.
     */
    private transient io.spreadflow.job.serde.AvroBinaryCodec<io.spreadflow.schemas.DeadLetter> deadLetters;

    private io.spreadflow.job.serde.AvroBinaryCodec<io.spreadflow.schemas.ExecutionReport> reports() {
        if (reports == null) reports = io.spreadflow.job.serde.AvroBinaryCodec.of(io.spreadflow.schemas.ExecutionReport.class);
        return reports;
    }

    private io.spreadflow.job.serde.AvroBinaryCodec<io.spreadflow.schemas.DeadLetter> deadLetters() {
        if (deadLetters == null) deadLetters = io.spreadflow.job.serde.AvroBinaryCodec.of(io.spreadflow.schemas.DeadLetter.class);
        return deadLetters;
    }

    private transient NameTable names;
    private transient byte[] scratch;

    @Override public boolean isImmutableType() { return false; }
    @Override public TypeSerializer<EngineInput> duplicate() { return new EngineInputSerializer(); }
    @Override public EngineInput createInstance() { return new EngineInput(); }
    @Override public int getLength() { return -1; }

    @Override
    public EngineInput copy(EngineInput from) {
        return from.copyFor(from.paramSet);
    }

    @Override
    public EngineInput copy(EngineInput from, EngineInput reuse) {
        return copy(from);
    }

    @Override
    public void serialize(EngineInput e, DataOutputView out) throws IOException {
        out.writeInt(e.paramSet);
        out.writeLong(e.seq);
        out.writeInt(e.partition);
        if (e.report != null) {
            out.writeByte(REPORT);
            byte[] b = reports().encode(e.report);
            out.writeInt(b.length);
            out.write(b);
            return;
        }
        if (e.deadLetter != null) {
            out.writeByte(REJECTED);
            byte[] b = deadLetters().encode(e.deadLetter);
            out.writeInt(b.length);
            out.write(b);
            return;
        }
        out.writeByte(ACCEPTED);
        writeName(e.instrument, out);
        writeName(e.venue, out);
        writeName(e.venueSymbol, out);
        out.writeByte(e.market);
        out.writeDouble(e.bidPrice);
        out.writeDouble(e.bidQty);
        out.writeDouble(e.askPrice);
        out.writeDouble(e.askQty);
        out.writeLong(e.receiveTsUs);
        out.writeLong(e.exchangeTsUs);
        out.writeLong(e.updateId);
    }

    @Override
    public EngineInput deserialize(DataInputView in) throws IOException {
        return deserialize(new EngineInput(), in);
    }

    @Override
    public EngineInput deserialize(EngineInput e, DataInputView in) throws IOException {
        e.paramSet = in.readInt();
        e.seq = in.readLong();
        e.partition = in.readInt();
        e.key = null;
        byte tag = in.readByte();
        if (tag == REPORT) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            clear(e);
            e.report = reports().decode(b);
            e.instrument = e.report.getInstrument().toString();
            return e;
        }
        if (tag == REJECTED) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            clear(e);
            e.deadLetter = deadLetters().decode(b);
            return e;
        }
        e.instrument = readName(in);
        e.venue = readName(in);
        e.venueSymbol = readName(in);
        e.market = in.readByte();
        e.bidPrice = in.readDouble();
        e.bidQty = in.readDouble();
        e.askPrice = in.readDouble();
        e.askQty = in.readDouble();
        e.receiveTsUs = in.readLong();
        e.exchangeTsUs = in.readLong();
        e.updateId = in.readLong();
        e.deadLetter = null;
        e.report = null;
        return e;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    /** Empties a reused instance's tick fields before it takes a report or a dead letter. */
    private static void clear(EngineInput e) {
        e.instrument = e.venue = e.venueSymbol = null;
        e.market = 0;
        e.bidPrice = e.bidQty = e.askPrice = e.askQty = 0;
        e.receiveTsUs = 0;
        e.exchangeTsUs = e.updateId = EngineInput.ABSENT;
        e.deadLetter = null;
        e.report = null;
    }

    /** A name: its UTF-8 length (-1 for null) in a short, then the bytes. */
    private void writeName(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeShort(-1);
            return;
        }
        int n = s.length();
        boolean ascii = n <= Short.MAX_VALUE;
        for (int i = 0; ascii && i < n; i++) ascii = s.charAt(i) < 0x80;
        if (ascii) {
            out.writeShort(n);
            for (int i = 0; i < n; i++) out.writeByte(s.charAt(i));
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > Short.MAX_VALUE) throw new IOException("name longer than " + Short.MAX_VALUE + " bytes: " + s);
            out.writeShort(b.length);
            out.write(b);
        }
    }

    private String readName(DataInputView in) throws IOException {
        int n = in.readShort();
        if (n < 0) return null;
        if (scratch == null || scratch.length < n) scratch = new byte[Math.max(64, n)];
        in.readFully(scratch, 0, n);
        if (names == null) names = new NameTable();
        return names.of(scratch, n);
    }

    @Override public boolean equals(Object o) { return o instanceof EngineInputSerializer; }
    @Override public int hashCode() { return EngineInputSerializer.class.hashCode(); }

    @Override
    public TypeSerializerSnapshot<EngineInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has one version; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EngineInput> {
        public Snapshot() {
            super(EngineInputSerializer::new);
        }
    }

    /**
     * The names seen so far, looked up by their bytes: a backtest has a few dozen instruments and a
     * handful of venues, so a small open-addressed table answers without allocating. A full table
     * stops remembering and decodes every further name.
     */
    static final class NameTable {
        private static final int SLOTS = 1024;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private int size;

        String of(byte[] b, int n) {
            int h = 1;
            for (int i = 0; i < n; i++) h = 31 * h + b[i];
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            for (int probe = 0; probe < SLOTS; probe++, slot = (slot + 1) & (SLOTS - 1)) {
                byte[] k = keys[slot];
                if (k == null) {
                    String s = new String(b, 0, n, StandardCharsets.UTF_8);
                    if (size < SLOTS / 2) {
                        keys[slot] = java.util.Arrays.copyOf(b, n);
                        values[slot] = s;
                        size++;
                    }
                    return s;
                }
                if (k.length == n && java.util.Arrays.equals(k, 0, n, b, 0, n)) return values[slot];
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
    }
}
