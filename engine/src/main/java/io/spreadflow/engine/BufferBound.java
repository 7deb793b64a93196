package io.spreadflow.engine;

/**
 * The bounds of an instrument's buffers in the engine state (DESIGN §3 State). Each is configured under
 * {@code execution} ({@link io.spreadflow.engine.config.StrategyConfig.ExecutionSettings}); reaching one
 * halts the instrument with a HALT signal whose reason is the bound's name, and is counted
 * ({@link EngineOutput#boundHit}). No buffer grows past its bound.
 */
public enum BufferBound {

    /**
     * {@code max-held-ticks}: ticks waiting for the reports of the orders that are out. One more tick
     * halts the instrument and lets the waiting ticks through at once, so that event time moves on and
     * the leg timeout can give up the orders of a service that does not answer: no tick is dropped.
     */
    HELD_TICKS_BOUND,

    /**
     * {@code max-early-reports}: reports kept until their intent is sent again after a restore. One more
     * sends the oldest kept report to the dead letters: its fill is not booked, so the instrument halts
     * until the position is reconciled.
     */
    EARLY_REPORTS_BOUND
}
