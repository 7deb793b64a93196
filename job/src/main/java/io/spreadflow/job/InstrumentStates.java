package io.spreadflow.job;

import io.spreadflow.engine.BookPart;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.signal.PositionBook;
import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.job.serde.BookPartSerializer;
import io.spreadflow.job.serde.MarketPartSerializer;
import io.spreadflow.job.serde.PositionRecordSerializer;
import io.spreadflow.job.serde.RecordTypes;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instrument's engine state in the keyed state, in parts that change at different rates: {@link #MARKET}
 * (quotes, open bar, indicators, strategy state, ledger, counters: every tick), {@link #BOOK} (the position
 * book's header, the ids of its open positions, waiting orders, held ticks, early reports) and
 * {@link #POSITIONS}, the open positions with their legs by position id. The engine works on the
 * {@link EngineState} assembled from them ({@link EngineState#fromParts}).
 *
 * <p>Where values stay on the heap between snapshots ({@link WriteBehindState}, RocksDB), a position is put
 * only when its stored form differs from what was last written for its id (the last written bytes of each
 * open position stay on the heap with the instrument), and the ids no longer open are removed: a tick that
 * changes no position writes no position. Where the backend keeps objects, every record reads the parts and
 * writes them back, and removes the positions that closed.
 *
 * <p>Savepoints taken before the split hold the whole state in {@link #LEGACY} ({@code "instrument"}): a key
 * without a market part is read from there, and its next write stores the parts and clears the legacy value.
 */
final class InstrumentStates implements WriteBehindState.Store<InstrumentState> {

    /** The part that changes every tick. */
    static final ValueStateDescriptor<MarketPart> MARKET = new ValueStateDescriptor<>("market", new MarketPartSerializer());
    /** The book's header, the open positions' ids and the order plumbing. */
    static final ValueStateDescriptor<BookPart> BOOK = new ValueStateDescriptor<>("book", new BookPartSerializer());
    /** The open positions with their legs, by position id. */
    static final MapStateDescriptor<Long, PositionRecord> POSITIONS =
            new MapStateDescriptor<>("positions", LongSerializer.INSTANCE, new PositionRecordSerializer());
    /** The whole engine state of savepoints taken before the split: read, then cleared; never written. */
    static final ValueStateDescriptor<InstrumentState> LEGACY = new ValueStateDescriptor<>("instrument", RecordTypes.INSTRUMENT_STATE);

    private final ValueState<MarketPart> market;
    private final ValueState<BookPart> book;
    private final MapState<Long, PositionRecord> positions;
    private final ValueState<InstrumentState> legacy;
    /** Whether values stay on the heap between writes (then positions are written when their bytes change). */
    private final boolean writeBehind;
    /** Per instrument on the heap: the bytes last written of each open position, by id (write-behind only). */
    private final Map<String, Map<Long, byte[]>> written = new HashMap<>();
    /** Instruments read from {@link #LEGACY} and not written since. */
    private final Set<String> fromLegacy = new HashSet<>();
    private final PositionRecordSerializer positionBytes = new PositionRecordSerializer();
    private final DataOutputSerializer buffer = new DataOutputSerializer(512);
    private long positionPuts;
    /** The instrument last read from or written as parts, and the ids of its positions stored then (backends that keep objects). */
    private String storedInstrument;
    private long[] storedOpenIds;

    InstrumentStates(RuntimeContext context, boolean writeBehind) {
        this.market = context.getState(MARKET);
        this.book = context.getState(BOOK);
        this.positions = context.getMapState(POSITIONS);
        this.legacy = context.getState(LEGACY);
        this.writeBehind = writeBehind;
    }

    @Override
    public InstrumentState read(String instrument) throws IOException {
        storedInstrument = null;
        MarketPart m = market.value();
        if (m == null) {
            InstrumentState old = legacy.value();
            if (old != null) {
                fromLegacy.add(instrument);
                if (writeBehind) written.put(instrument, new HashMap<>());
            }
            return old;
        }
        BookPart b = book.value();
        if (b == null) throw new IOException("damaged state of " + instrument + ": a market part without a book");
        storedInstrument = instrument;
        storedOpenIds = b.openIds();
        List<PositionRecord> open = new ArrayList<>(storedOpenIds.length);
        Map<Long, byte[]> bytes = writeBehind ? new HashMap<>() : null;
        for (long id : storedOpenIds) {
            PositionRecord p = get(id);
            if (p == null) throw new IOException("damaged state of " + instrument + ": open position " + id + " is not stored");
            open.add(p);
            if (bytes != null) bytes.put(id, bytesOf(p));
        }
        if (bytes != null) written.put(instrument, bytes);
        return EngineState.fromParts(m, b, open);
    }

    @Override
    public void write(String instrument, InstrumentState value) throws IOException {
        if (!(value instanceof EngineState s)) {
            throw new IOException("no stored form for the instrument state " + value.getClass().getName());
        }
        // the positions stored for the instrument: known from its last read or write, which saves reading its book again
        long[] before = writeBehind ? null : instrument.equals(storedInstrument) ? storedOpenIds : openIdsStored();
        BookPart part = s.bookPart();
        market.update(s.marketPart());
        book.update(part);
        storedInstrument = instrument;
        storedOpenIds = part.openIds();
        PositionBook b = s.positions();
        if (writeBehind) {
            Map<Long, byte[]> last = written.computeIfAbsent(instrument, k -> new HashMap<>());
            for (PositionRecord p : b.records()) {
                byte[] now = bytesOf(p);
                if (!Arrays.equals(now, last.get(p.id()))) {
                    put(p);
                    last.put(p.id(), now);
                }
            }
            for (Iterator<Long> ids = last.keySet().iterator(); ids.hasNext(); ) {
                long id = ids.next();
                if (b.position(id) == null) {
                    remove(id);
                    ids.remove();
                }
            }
        } else {
            for (PositionRecord p : b.records()) put(p);
            for (long id : before) if (b.position(id) == null) remove(id);
        }
        if (!fromLegacy.isEmpty() && fromLegacy.remove(instrument)) legacy.clear();
    }

    @Override
    public void clear(String instrument) throws IOException {
        market.clear();
        book.clear();
        positions.clear();
        legacy.clear();
        // nothing of the instrument is stored now: its next write puts every open position
        written.remove(instrument);
        fromLegacy.remove(instrument);
        if (instrument.equals(storedInstrument)) storedInstrument = null;
    }

    @Override
    public void dropped(String instrument) {
        written.remove(instrument);
        fromLegacy.remove(instrument);
    }

    private long[] openIdsStored() throws IOException {
        BookPart b = book.value();
        return b == null ? new long[0] : b.openIds();
    }

    /** Positions put into the keyed state so far (tests: a tick that changes no position puts none). */
    long positionPuts() {
        return positionPuts;
    }

    private byte[] bytesOf(PositionRecord p) throws IOException {
        buffer.clear();
        positionBytes.serialize(p, buffer);
        return buffer.getCopyOfBuffer();
    }

    private PositionRecord get(long id) throws IOException {
        try {
            return positions.get(id);
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException("cannot read position " + id, e);
        }
    }

    private void put(PositionRecord p) throws IOException {
        try {
            positions.put(p.id(), p);
            positionPuts++;
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException("cannot write position " + p.id(), e);
        }
    }

    private void remove(long id) throws IOException {
        try {
            positions.remove(id);
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException("cannot remove position " + id, e);
        }
    }

    /**
     * The engine state the keyed state of {@code backend} holds for its current key, assembled from its parts
     * or read from the legacy value; null when it holds none (tests and tools).
     */
    static EngineState stored(KeyedStateBackend<?> backend) throws Exception {
        MarketPart m = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, MARKET).value();
        if (m == null) {
            return (EngineState) backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LEGACY).value();
        }
        BookPart b = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, BOOK).value();
        MapState<Long, PositionRecord> p = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, POSITIONS);
        List<PositionRecord> open = new ArrayList<>();
        for (long id : b.openIds()) open.add(p.get(id));
        return EngineState.fromParts(m, b, open);
    }
}
