package io.spreadflow.engine.signal;

/** The phase of one position in the framework's signal state machine. */
public enum PositionState {
    /** No exposure; the position does not exist (yet, or any more). */
    FLAT,
    /** Entry legs sent, not all filled. */
    ENTERING,
    /** Every entry leg filled. */
    OPEN,
    /** Exit (or unwind) legs sent, not all filled. */
    EXITING
}
