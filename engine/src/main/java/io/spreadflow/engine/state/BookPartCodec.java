package io.spreadflow.engine.state;

import io.spreadflow.engine.BookPart;
import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.signal.PositionBook;
import io.spreadflow.engine.signal.SignalStateCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Side;
import org.apache.avro.Schema;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned binary form of an instrument's {@link BookPart}: the format version first, then the ids
 * of the open positions in entry order, the book's header ({@link SignalStateCodec#writeHeader}), the
 * waiting orders, held ticks and early reports. Held ticks and early reports are binary Avro of the
 * schemas given at construction (the writer's), resolved against the current ones. Not thread-safe.
 */
public final class BookPartCodec {

    /**
     * The format version this code writes. History:
     * <ol>
     *   <li>the book of {@link EngineStateCodec}'s format 3 without its open positions (kept by id).</li>
     * </ol>
     */
    public static final int CURRENT = 1;

    /** By format version (from 1): the {@link EngineStateCodec} format whose field layouts that version shares. */
    private static final int[] ENGINE_FORMATS = {3};

    /** {@link #CURRENT} as a method, for code in other modules. */
    public static int formatVersion() {
        return CURRENT;
    }

    private final AvroRecords<BookTicker> ticks;
    private final AvroRecords<ExecutionReport> reports;

    /** Reads and writes with the current Avro schemas. */
    public BookPartCodec() {
        this(BookTicker.getClassSchema(), ExecutionReport.getClassSchema());
    }

    /** Reads held ticks and early reports written with these schemas; writes with the current ones. */
    public BookPartCodec(Schema tickWriterSchema, Schema reportWriterSchema) {
        ticks = new AvroRecords<>(BookTicker.class, tickWriterSchema);
        reports = new AvroRecords<>(ExecutionReport.class, reportWriterSchema);
    }

    public void write(DataOutput out, BookPart b) throws IOException {
        out.writeInt(CURRENT);
        StateData.writeCount(out, b.openIds().length);
        for (long id : b.openIds()) out.writeLong(id);
        SignalStateCodec.writeHeader(out, b.book());
        writeOrders(out, b.pending(), b.held(), b.early());
    }

    /** @throws IOException when the bytes are damaged or were written by a later format version */
    public BookPart read(DataInput in) throws IOException {
        int version = MarketPartCodec.engineFormat(in.readInt(), ENGINE_FORMATS, "book state");
        int n = StateData.readCount(in, "open positions");
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = in.readLong();
        PositionBook book = SignalStateCodec.readHeader(in, version);
        PendingOrders pending = readPending(in);
        return new BookPart(book, ids, pending, readHeld(in), readEarly(in));
    }

    /** The waiting orders, held ticks and early reports, each in its order (also {@link EngineStateCodec}'s layout). */
    void writeOrders(DataOutput out, PendingOrders pending, Collection<BookTicker> held, Map<String, List<ExecutionReport>> early)
            throws IOException {
        List<PendingOrders.Pending> waiting = pending.view();
        StateData.writeCount(out, waiting.size());
        for (PendingOrders.Pending p : waiting) {
            StateData.writeString(out, p.intentId());
            out.writeInt(p.legIndex());
            StateData.writeString(out, p.venue());
            StateData.writeEnum(out, p.side());
            out.writeDouble(p.quantity());
            out.writeLong(p.intentEventTsUs());
            out.writeLong(p.dueTsUs());
        }
        StateData.writeCount(out, held.size());
        for (BookTicker t : held) StateData.writeBytes(out, ticks.encode(t));
        StateData.writeCount(out, early.size());
        for (Map.Entry<String, List<ExecutionReport>> e : early.entrySet()) {
            StateData.writeString(out, e.getKey());
            StateData.writeCount(out, e.getValue().size());
            for (ExecutionReport r : e.getValue()) StateData.writeBytes(out, reports.encode(r));
        }
    }

    static PendingOrders readPending(DataInput in) throws IOException {
        PendingOrders pending = new PendingOrders();
        int n = StateData.readCount(in, "waiting orders");
        for (int i = 0; i < n; i++) {
            pending.add(new PendingOrders.Pending(StateData.readString(in), in.readInt(), StateData.readString(in),
                    StateData.readEnum(in, Side.class), in.readDouble(), in.readLong(), in.readLong()));
        }
        return pending;
    }

    ArrayDeque<BookTicker> readHeld(DataInput in) throws IOException {
        int n = StateData.readCount(in, "held ticks");
        ArrayDeque<BookTicker> held = new ArrayDeque<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) held.add(ticks.decode(StateData.readBytes(in)));
        return held;
    }

    LinkedHashMap<String, List<ExecutionReport>> readEarly(DataInput in) throws IOException {
        int n = StateData.readCount(in, "early reports");
        LinkedHashMap<String, List<ExecutionReport>> early = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String intent = StateData.readString(in);
            int m = StateData.readCount(in, "reports of " + intent);
            List<ExecutionReport> l = new ArrayList<>(Math.min(m, 64));
            for (int j = 0; j < m; j++) l.add(reports.decode(StateData.readBytes(in)));
            early.put(intent, l);
        }
        return early;
    }
}
