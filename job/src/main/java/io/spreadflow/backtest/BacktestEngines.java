package io.spreadflow.backtest;

/** The engines backtests run. */
public final class BacktestEngines {

    /** The framework's engine with its in-job fill model, for any strategy configuration. */
    public static final StrategyEngines DEFAULT = config -> {
        throw new UnsupportedOperationException("no engine implementation on the class path for strategy " + config.strategyId());
    };

    private BacktestEngines() {}
}
