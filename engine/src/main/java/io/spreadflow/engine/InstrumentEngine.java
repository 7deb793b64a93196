package io.spreadflow.engine;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;

/**
 * The whole per-instrument pipeline of DESIGN §3 — quote board, bars, spreads, indicators, strategy,
 * signal state machine, positions, fill model — as a pure function of the inputs it is given.
 *
 * <p>The engine holds no per-instrument data itself: everything that must survive a restart lives in
 * {@link InstrumentState}, which the Flink operator keeps in keyed state. One engine instance serves
 * every instrument of a job.
 */
public interface InstrumentEngine {

    /**
     * The engine for a strategy configuration, its strategy found by id among the strategies
     * registered with {@link java.util.ServiceLoader}.
     */
    static InstrumentEngine of(io.spreadflow.engine.config.StrategyConfig config) {
        return DefaultInstrumentEngine.create(config);
    }

    /** As {@link #of(io.spreadflow.engine.config.StrategyConfig)}, booking the funding of {@code funding} on perpetual positions. */
    static InstrumentEngine of(io.spreadflow.engine.config.StrategyConfig config,
                               io.spreadflow.engine.accounting.FundingSchedule funding) {
        return DefaultInstrumentEngine.create(config, funding);
    }

    /**
     * Whether the engine fills its own intents (backtests, in-job paper trading). When false the intents
     * must reach the execution service, whose reports come back through {@link #onExecution}.
     */
    default boolean fillsInJob() {
        return true;
    }

    /** How many ticks may wait for outstanding reports before they are processed anyway; 0 when ticks never wait. */
    default int maxHeldTicks() {
        return 0;
    }

    /**
     * The instrument saw no tick for the configured idle time: the state without its market part (quotes,
     * the open bar, indicator windows), which a new tick builds again, keeping what the instrument holds
     * (positions, legs, ledger, strategy state); a signal reports it. The default keeps the state as it is.
     *
     * @param nowUs the event time the idleness was noticed at
     */
    default InstrumentState onIdle(InstrumentState state, long nowUs, EngineOutput out) {
        return state;
    }

    /** A fresh state for an instrument seen for the first time. */
    InstrumentState newState(String instrument);

    /** One tick of this instrument (any venue), in the order the partition delivered it. */
    void onTick(InstrumentState state, BookTicker tick, EngineOutput out);

    /** A report from the execution service (live) for an intent of this instrument. */
    void onExecution(InstrumentState state, ExecutionReport report, EngineOutput out);

    /** No more input will come (end of a bounded run): closes the open bar and evaluates it. */
    void onEndOfInput(InstrumentState state, EngineOutput out);
}
