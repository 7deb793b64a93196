package io.spreadflow.backtest;

import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.config.StrategyConfig;

import java.io.Serializable;

/**
 * The engine of a strategy configuration, made inside each task (engines need not be serializable).
 * A sweep asks for one engine per parameter set.
 */
@FunctionalInterface
public interface StrategyEngines extends Serializable {

    InstrumentEngine forConfig(StrategyConfig config);
}
