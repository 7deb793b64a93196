package io.spreadflow.job;

import io.spreadflow.engine.InstrumentEngine;

import java.io.Serializable;

/**
 * Builds the engine inside each parallel instance of the job. It travels with the job graph, so it
 * carries the configuration as data (never a path the TaskManagers might not see).
 */
@FunctionalInterface
public interface EngineFactory extends Serializable {

    InstrumentEngine create();
}
