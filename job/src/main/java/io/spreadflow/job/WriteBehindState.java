package io.spreadflow.job;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A keyed value of an engine operator, per instrument, kept write-behind where the state backend stores
 * bytes. The value lives in a {@link Store}: one value state (a backtest key's summary) or the several
 * keyed states an engine state is kept in ({@link InstrumentStates}).
 *
 * <p>On RocksDB, reading and writing an instrument's engine state (several KB in its stored form) costs
 * hundreds of µs, and even a small value costs a native call, on every record. There the values
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
 * <p>The heap holds at most {@code maxOnHeap} instruments, least recently used first out: an instrument
 * pushed out has its changed value written into the keyed state at once, and is read from there again on
 * its next record. Cold instruments therefore live in RocksDB only, and the heap's size is bounded
 * whatever the number of instruments; a bound at least the number of active instruments keeps every
 * record off the byte path.
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

    /**
     * Where the values are kept in the keyed state: one value state, or several states a value is made of
     * ({@link InstrumentStates}). Every call is for the operator's current key, which is {@code instrument}.
     */
    interface Store<T> {
        /** The stored value, or null. */
        T read(String instrument) throws IOException;

        /** Stores {@code value} (not null). */
        void write(String instrument, T value) throws IOException;

        /** Removes the stored value. */
        void clear(String instrument) throws IOException;

        /** The heap no longer holds the value of {@code instrument} (pushed out or forgotten); any key may be current. */
        default void dropped(String instrument) {}

        /** One value state. */
        static <T> Store<T> of(ValueState<T> state) {
            return new Store<>() {
                @Override public T read(String instrument) throws IOException { return state.value(); }
                @Override public void write(String instrument, T value) throws IOException { state.update(value); }
                @Override public void clear(String instrument) { state.clear(); }
            };
        }
    }

    /** On the heap: the instrument has no value (so its absence costs no read either). */
    private static final Object NONE = new Object();

    private final Store<T> stored;
    private final int maxOnHeap;
    /** Switches the keyed state's current key to write an evicted value; null where nothing is kept on the heap. */
    private final AbstractStreamOperator<?> operator;
    /** Access-ordered: the eldest entry is the least recently used instrument. */
    private final LinkedHashMap<String, Object> live;
    private long evictions;
    /** Instruments whose live value changed since it was last written; insertion order keeps writes reproducible. */
    private final Set<String> changed;

    /**
     * @param stored      the keyed state, scoped to the operator's current key
     * @param operator    the operator whose keyed state {@code stored} is, to write an evicted value under its
     *                    key; null: nothing is kept on the heap (the backend keeps objects)
     * @param maxOnHeap   the most instruments kept on the heap (≥ 1)
     */
    WriteBehindState(Store<T> stored, AbstractStreamOperator<?> operator, int maxOnHeap) {
        if (maxOnHeap < 1) throw new IllegalArgumentException("instruments on the heap must be >= 1, was " + maxOnHeap);
        this.stored = stored;
        this.operator = operator;
        this.maxOnHeap = maxOnHeap;
        this.live = new LinkedHashMap<>(16, 0.75f, true);
        this.changed = operator != null ? new LinkedHashSet<>() : Set.of();
    }

    /** The value of {@code instrument}, the operator's current key; null if it has none. */
    @SuppressWarnings("unchecked")
    T get(String instrument) throws IOException {
        if (operator == null) return stored.read(instrument);
        Object v = live.get(instrument);
        if (v == null) {
            T s = stored.read(instrument);
            makeRoom(instrument);
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
        if (operator == null) {
            stored.write(instrument, value);
            return;
        }
        if (!live.containsKey(instrument)) makeRoom(instrument);
        Object before = live.put(instrument, value);
        if (before == null || before == NONE) {
            stored.write(instrument, value);
            changed.remove(instrument);
        } else {
            changed.add(instrument);
        }
    }

    /**
     * Pushes the least recently used instruments out of the heap until {@code incoming} fits: a changed
     * value is written into the keyed state under its own key first. The current key is {@code incoming}
     * before and after.
     */
    @SuppressWarnings("unchecked")
    private void makeRoom(String incoming) throws IOException {
        while (live.size() >= maxOnHeap) {
            var eldest = live.entrySet().iterator().next();
            String instrument = eldest.getKey();
            if (changed.remove(instrument)) {
                operator.setCurrentKey(instrument);
                try {
                    stored.write(instrument, (T) eldest.getValue());
                } finally {
                    operator.setCurrentKey(incoming);
                }
            }
            live.remove(instrument);
            stored.dropped(instrument);
            evictions++;
        }
    }

    /** Instruments on the heap now (tests, metrics). */
    int onHeap() {
        return live.size();
    }

    /** Instruments pushed out of the heap so far. */
    long evictions() {
        return evictions;
    }

    /** Drops the value of {@code instrument}, the operator's current key. */
    void clear(String instrument) throws IOException {
        if (operator != null) {
            if (live.containsKey(instrument)) live.put(instrument, NONE);
            changed.remove(instrument);
        }
        stored.clear(instrument);
    }

    /**
     * Drops what the heap keeps of {@code instrument}, the operator's current key, and its keyed state, for
     * an instrument that will not come again (the end of the input).
     */
    void forget(String instrument) throws IOException {
        if (operator != null) {
            live.remove(instrument);
            changed.remove(instrument);
        }
        stored.clear(instrument);
        stored.dropped(instrument);
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
            stored.write(instrument, (T) live.get(instrument));
        }
        changed.clear();
        if (current != null) operator.setCurrentKey(current);
    }
}
