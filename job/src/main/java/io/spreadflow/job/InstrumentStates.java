package io.spreadflow.job;

import io.spreadflow.engine.InstrumentState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The engine states of the instruments one operator instance keeps, in Flink's keyed state.
 *
 * <p>On a state backend that stores bytes (RocksDB), reading and writing an {@link InstrumentState}
 * (several KB of Java serialization) costs hundreds of µs, on every record. There the states are kept
 * write-behind: each instrument's live object stays on the heap, the keyed state is read only when the
 * object is not there (the first record after a start or a restore), and a changed state is written back
 * only before the keyed state is snapshotted ({@link #writeChanged}, which the operator calls from its
 * {@code snapshotState}). A checkpoint therefore holds exactly the states after the last record before
 * its barrier, as if every record had written through. After a failure the operator is created anew and
 * its heap states with it, so a restore starts from the checkpoint alone. A state is written through
 * when an instrument first appears, so that the keyed state has an entry for every instrument.
 *
 * <p>On a backend that keeps objects ({@code HashMapStateBackend}, BATCH's), the keyed state is itself the
 * heap copy; it is read and written on every record, as it costs a map access, and it must be: such a
 * backend snapshots the very objects it holds, so an object kept aside and changed after the snapshot
 * would change what is being written.
 *
 * <p>Not thread-safe: used on the operator's task thread only.
 */
final class InstrumentStates {

    private final ValueState<InstrumentState> stored;
    private final boolean writeBehind;
    private final Map<String, InstrumentState> live;
    /** Instruments whose live state changed since it was last written; insertion order keeps writes reproducible. */
    private final Set<String> changed;

    /**
     * @param stored      the keyed state, scoped to the operator's current key
     * @param writeBehind keep states on the heap between snapshots: only where the backend stores bytes
     */
    InstrumentStates(ValueState<InstrumentState> stored, boolean writeBehind) {
        this.stored = stored;
        this.writeBehind = writeBehind;
        this.live = writeBehind ? new HashMap<>() : Map.of();
        this.changed = writeBehind ? new LinkedHashSet<>() : Set.of();
    }

    /** The state of {@code instrument}, the operator's current key; null if it has none. */
    InstrumentState get(String instrument) throws IOException {
        if (!writeBehind) return stored.value();
        InstrumentState s = live.get(instrument);
        if (s == null) {
            s = stored.value();
            if (s != null) live.put(instrument, s);
        }
        return s;
    }

    /**
     * Records that {@code state}, the state of {@code instrument} (the operator's current key), changed.
     * A state not known before is written through at once.
     */
    void update(String instrument, InstrumentState state) throws IOException {
        if (!writeBehind) {
            stored.update(state);
        } else if (live.putIfAbsent(instrument, state) == null) {
            stored.update(state);
        } else {
            changed.add(instrument);
        }
    }

    /** Drops the state of {@code instrument}, the operator's current key. */
    void clear(String instrument) {
        if (writeBehind) {
            live.remove(instrument);
            changed.remove(instrument);
        }
        stored.clear();
    }

    /**
     * Writes every state changed since the last call into the keyed state. The operator calls this from
     * {@code snapshotState}, which runs before its keyed state is snapshotted; the operator's current key
     * is the same afterwards.
     */
    void writeChanged(AbstractStreamOperator<?> operator) throws IOException {
        if (changed.isEmpty()) return;
        Object current = operator.getCurrentKey();
        for (String instrument : changed) {
            operator.setCurrentKey(instrument);
            stored.update(live.get(instrument));
        }
        changed.clear();
        if (current != null) operator.setCurrentKey(current);
    }

    /** Whether states live on the heap between snapshots (the backend stores bytes). */
    boolean writesBehind() {
        return writeBehind;
    }
}
