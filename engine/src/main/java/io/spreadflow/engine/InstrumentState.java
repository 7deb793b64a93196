package io.spreadflow.engine;

import java.io.Serializable;

/**
 * Everything the engine remembers about one instrument: latest quotes, the open bar, indicator
 * windows, strategy state, signal state machine, positions and the intent sequence. Serializable so
 * that Flink can keep it in keyed state and restore it from a checkpoint or savepoint.
 */
public interface InstrumentState extends Serializable {

    String instrument();
}
