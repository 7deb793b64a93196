package io.spreadflow.backtest;

import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.accounting.FundingSchedule;

/** The engines backtests run. */
public final class BacktestEngines {

    /** The framework's engine with its in-job fill model, for any strategy configuration. */
    public static final StrategyEngines DEFAULT = InstrumentEngine::of;

    private BacktestEngines() {}

    /** The framework's engine, booking the funding of {@code funding} on perpetual positions. */
    public static StrategyEngines withFunding(FundingSchedule funding) {
        return funding == null || funding.isEmpty() ? DEFAULT : config -> InstrumentEngine.of(config, funding);
    }
}
