package io.spreadflow.engine;

/**
 * Everything the engine remembers about one instrument: latest quotes, the open bar, indicator
 * windows, strategy state, signal state machine, positions and the intent sequence. Flink keeps it in
 * keyed state in its versioned stored form ({@link io.spreadflow.engine.state.EngineStateCodec}), never
 * through Java serialization.
 */
public interface InstrumentState {

    String instrument();

    /** Receive time of the latest accepted tick, or {@link Long#MIN_VALUE} when the market part holds none (new or idle). */
    default long lastTickUs() {
        return Long.MIN_VALUE;
    }
}
