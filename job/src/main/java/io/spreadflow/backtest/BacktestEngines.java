package io.spreadflow.backtest;

import io.spreadflow.engine.InstrumentEngine;

/** The engines backtests run. */
public final class BacktestEngines {

    /** The framework's engine with its in-job fill model, for any strategy configuration. */
    public static final StrategyEngines DEFAULT = InstrumentEngine::of;

    private BacktestEngines() {}
}
