package io.spreadflow.job;

import java.io.IOException;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * A keyed engine function whose states are {@link WriteBehindState}s. Its operator decides once, on
 * open, whether the states stay on the heap between snapshots, and has the changed ones written before
 * each snapshot.
 */
interface WriteBehindFunction {

    /** Keep states on the heap between snapshots; called by the operator before the function opens. */
    void useWriteBehind(boolean writeBehind);

    /** Writes the states changed since the last snapshot into the keyed state. */
    void writeChanged(AbstractStreamOperator<?> operator) throws IOException;

    /**
     * Only a backend that stores bytes (RocksDB) gains from write-behind; the heap and batch backends
     * snapshot the very objects they hold, so there every update must reach them at once.
     */
    static boolean backendStoresBytes(AbstractStreamOperator<?> operator) {
        KeyedStateBackend<?> backend = operator.getKeyedStateBackend();
        return backend != null && backend.isSafeToReuseKVState();
    }
}
