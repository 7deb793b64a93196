package io.spreadflow.backtest;

import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.config.StrategyConfig;

import java.io.Serializable;

/** Makes the engine for one strategy configuration inside a task (engines need not be serializable). */
@FunctionalInterface
public interface EngineFactory extends Serializable {

    InstrumentEngine create(StrategyConfig config);
}
