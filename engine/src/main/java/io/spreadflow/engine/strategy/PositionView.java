package io.spreadflow.engine.strategy;

import java.util.List;

/** The positions the framework holds for the strategy on this instrument, in entry order. */
public interface PositionView {

    /** Positions not flat: entering, open or exiting. */
    List<OpenPosition> positions();

    default int openCount() {
        return positions().size();
    }

    default boolean isFlat() {
        return positions().isEmpty();
    }

    /** True once a risk limit halted new entries on this instrument. */
    boolean halted();
}
