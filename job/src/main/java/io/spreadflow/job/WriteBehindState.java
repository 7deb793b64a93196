package io.spreadflow.job;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A keyed value state of an engine operator, per instrument, kept write-behind where the state backend
 * stores bytes.
 *
 * <p>On RocksDB, reading and writing an instrument's engine state (several KB of Java serialization)
 * costs hundreds of µs, and even a small value costs a native call, on every record. There the values
 * are kept write-behind: each instrument's live value stays on the heap (its absence too), the keyed
 * state is read only when the heap has nothing for the instrument (the first record after a start or a
 * restore), and a changed value is written back only before the keyed state is snapshotted
 * ({@link #writeChanged}, which the operator calls from its {@code snapshotState}). A checkpoint
 * therefore holds exactly the values after the last record before its barrier, as if every record had
 * written through. After a failure the operator is created anew and its heap values with it, so a
 * restore starts from the checkpoint alone. A value is written through when an instrument gets one it
 * did not have, and a cleared value is deleted at once, so that the keyed state has an entry exactly for
 * the instruments that have a value.
 *
 * <p>On a backend that keeps objects ({@code HashMapStateBackend}, BATCH's), the keyed state is itself the
 * heap copy; it is read and written on every record, as that costs a map access, and it must be: such a
 * backend snapshots the very objects it holds, so an object kept aside and changed after the snapshot
 * would change what is being written.
 *
 * <p>Not thread-safe: used on the operator's task thread only.
 *
 * @param <T> the value; changed in place or replaced, and {@link #update}d after each change
 */
final class WriteBehindState<T> {

    /** On the heap: the instrument has no value (so its absence costs no read either). */
    private static final Object NONE = new Object();

    private final ValueState<T> stored;
    private final boolean writeBehind;
    private final Map<String, Object> live;
    /** Instruments whose live value changed since it was last written; insertion order keeps writes reproducible. */
    private final Set<String> changed;

    /**
     * @param stored      the keyed state, scoped to the operator's current key
     * @param writeBehind keep the values on the heap between snapshots: only where the backend stores bytes
     *                    ({@link org.apache.flink.runtime.state.KeyedStateBackend#isSafeToReuseKVState()})
     */
    WriteBehindState(ValueState<T> stored, boolean writeBehind) {
        this.stored = stored;
        this.writeBehind = writeBehind;
        this.live = writeBehind ? new HashMap<>() : Map.of();
        this.changed = writeBehind ? new LinkedHashSet<>() : Set.of();
    }

    /** The value of {@code instrument}, the operator's current key; null if it has none. */
    @SuppressWarnings("unchecked")
    T get(String instrument) throws IOException {
        if (!writeBehind) return stored.value();
        Object v = live.get(instrument);
        if (v == null) {
            T s = stored.value();
            live.put(instrument, s == null ? NONE : s);
            return s;
        }
        return v == NONE ? null : (T) v;
    }

    /**
     * Sets the value of {@code instrument}, the operator's current key, after it changed. A value the
     * instrument did not have before is written through at once.
     */
    void update(String instrument, T value) throws IOException {
        if (!writeBehind) {
            stored.update(value);
            return;
        }
        Object before = live.put(instrument, value);
        if (before == null || before == NONE) {
            stored.update(value);
            changed.remove(instrument);
        } else {
            changed.add(instrument);
        }
    }

    /** Drops the value of {@code instrument}, the operator's current key. */
    void clear(String instrument) {
        if (writeBehind) {
            live.put(instrument, NONE);
            changed.remove(instrument);
        }
        stored.clear();
    }

    /**
     * Drops what the heap keeps of {@code instrument}, the operator's current key, and its keyed state, for
     * an instrument that will not come again (the end of the input).
     */
    void forget(String instrument) {
        if (writeBehind) {
            live.remove(instrument);
            changed.remove(instrument);
        }
        stored.clear();
    }

    /**
     * Writes every value changed since the last call into the keyed state. The operator calls this from
     * {@code snapshotState}, which runs before its keyed state is snapshotted; the operator's current key
     * is the same afterwards.
     */
    @SuppressWarnings("unchecked")
    void writeChanged(AbstractStreamOperator<?> operator) throws IOException {
        if (changed.isEmpty()) return;
        Object current = operator.getCurrentKey();
        for (String instrument : changed) {
            operator.setCurrentKey(instrument);
            stored.update((T) live.get(instrument));
        }
        changed.clear();
        if (current != null) operator.setCurrentKey(current);
    }
}
